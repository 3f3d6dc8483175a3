package dev.gpufit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.Vendor;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.note.Change;
import dev.gpufit.note.Note;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import dev.gpufit.note.SettingNames;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {
    static Device dev(String id, int index, String uuid, DeviceKind kind) {
        return new Device(
                id,
                index,
                Vendor.NVIDIA,
                "GPU " + index,
                uuid,
                null,
                kind,
                100,
                100L,
                null,
                100,
                null,
                null,
                "t",
                List.of());
    }

    final Device gpu0 = dev("nvidia:0", 0, "GPU-aaaa1111", DeviceKind.DISCRETE);
    final Device gpu1 = dev("nvidia:1", 1, "GPU-aaaa2222", DeviceKind.DISCRETE);
    final Device host = dev("host", 0, null, DeviceKind.HOST);
    final AtomicInteger probes = new AtomicInteger();
    final DeviceSelector selector = new DeviceSelector(
            () -> {
                probes.incrementAndGet();
                return List.of(gpu0, gpu1, host);
            },
            DeviceCatalog.load());

    @Test
    void allMeansTheGpusNotHostRam() {
        assertEquals(List.of(gpu0, gpu1), selector.select(null).devices());
        assertEquals(List.of(gpu0, gpu1), selector.select("all").devices());
    }

    @Test
    void hostOnlyMachineJudgesHostRamAndSaysSo() {
        DeviceSelector cpuOnly = new DeviceSelector(() -> List.of(host), DeviceCatalog.load());
        DeviceSelection s = cpuOnly.select("all");
        assertEquals(List.of(host), s.devices());
        assertTrue(
                s.notes().get(0) instanceof Note.Text t && t.text().contains("no GPU found"),
                s.notes().toString());
    }

    @Test
    void allCombinesWithHost() {
        assertEquals(List.of(gpu0, gpu1, host), selector.select("all,host").devices());
        assertEquals(List.of(host, gpu0, gpu1), selector.select("host,all").devices());
    }

    @Test
    void indicesUuidsPrefixesAndHost() {
        assertEquals(List.of(gpu1, gpu0), selector.select("1,0").devices());
        assertEquals(List.of(gpu1), selector.select("GPU-aaaa2").devices());
        assertEquals(List.of(host), selector.select("host").devices());
        BadInputException ambiguous = assertThrows(BadInputException.class, () -> selector.select("GPU-aaaa"));
        assertTrue(ambiguous.getMessage().contains("ambiguous"));
        assertThrows(BadInputException.class, () -> selector.select("7"));
    }

    /** A surface that spells settings as query parameters, as the agent does. */
    static final SettingNames PARAMETERS = new SettingNames() {
        @Override
        public String name(Setting s) {
            return s.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String spell(Change c) {
            return name(c.setting()) + "=" + c.value();
        }

        @Override
        public boolean commandLine() {
            return false;
        }
    };

    @Test
    void refusalsNameTheSelectorInTheAskingSurfacesWords() {
        for (String[] c : new String[][] {
            {"xyz", "device=xyz: no such device here (found: 0=GPU 0, 1=GPU 1, 0=GPU 0); use an index,"},
            {"7", "device=7: no device with that index here (found: "},
            {"GPU-aaaa", "device=GPU-aaaa is ambiguous: it starts the UUIDs of [GPU-aaaa1111, GPU-aaaa2222]"},
            {"catalog:h100-80gb:0", "device=catalog:h100-80gb:0: COUNT must be a whole number from 1 to 1024"},
            {"catalog:no-such-gpu", "unknown catalog device 'no-such-gpu'; closest: "},
        }) {
            SettingException e = assertThrows(SettingException.class, () -> selector.select(c[0]));
            String http = e.words(PARAMETERS);
            assertTrue(http.startsWith(c[1]), http);
            assertTrue(!http.contains("--") && !http.contains("gpufit catalog"), http);
            // the plain message is the command line's, as it always was
            assertEquals(e.getMessage(), e.words(SettingNames.COMMAND_LINE));
            String cli = c[1].replaceFirst("^device=", "--device ");
            assertTrue(e.getMessage().startsWith(cli), e.getMessage());
        }
        assertTrue(assertThrows(SettingException.class, () -> selector.select("catalog:no-such-gpu"))
                .getMessage()
                .endsWith(" (gpufit catalog devices lists them all)"));
    }

    @Test
    void catalogSelectionNeverProbes() {
        assertTrue(DeviceSelector.catalogOnly("catalog:h100-80gb:8"));
        assertEquals(8, selector.select("catalog:h100-80gb:8").devices().size());
        assertEquals(0, probes.get());
        assertEquals(3, selector.select("catalog:rtx-4090,0,1").devices().size());
    }

    @Test
    void theDeviceCatalogIsReadOnlyForCatalogSelectorsAndOnce() {
        AtomicInteger reads = new AtomicInteger();
        DeviceSelector lazy = new DeviceSelector(() -> List.of(gpu0, gpu1, host), () -> {
            reads.incrementAndGet();
            return DeviceCatalog.load();
        });
        lazy.select("all");
        lazy.select("0,host");
        assertEquals(0, reads.get());
        assertEquals(
                3, lazy.select("catalog:h100-80gb:2,catalog:rtx-4090").devices().size());
        lazy.select("catalog:t4");
        assertEquals(1, reads.get());
    }
}
