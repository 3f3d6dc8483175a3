package dev.gpufit.device.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NvmlReturnTest {
    @Test
    void everyCodeRoundTrips() {
        for (NvmlReturn r : NvmlReturn.values()) {
            if (r != NvmlReturn.UNRECOGNIZED) {
                assertEquals(r, NvmlReturn.of(r.code()));
            }
        }
        assertEquals(33, NvmlReturn.values().length, "0-30, 999 and UNRECOGNIZED");
    }

    @Test
    void unknownCodesKeepTheirNumber() {
        NvmlException e = new NvmlException(31, "nvmlInit_v2");
        assertEquals(NvmlReturn.UNRECOGNIZED, e.ret());
        assertTrue(e.describe().contains("code 31"), e.describe());
    }

    @Test
    void messagesSayWhatToDo() {
        assertTrue(
                NvmlReturn.of(18).advice().contains("driver/library version mismatch: the driver was updated, reboot"));
        assertTrue(NvmlReturn.of(9).advice().contains("driver is not loaded"));
        assertTrue(NvmlReturn.of(15).advice().contains("GPU is lost"));
        assertTrue(NvmlReturn.of(4).advice().contains("no permission"));
        assertEquals("NVML_ERROR_LIB_RM_VERSION_MISMATCH", NvmlReturn.of(18).cName());
    }
}
