package dev.gpufit.device.apple.jna;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import dev.gpufit.device.apple.Sysctl;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * sysctlbyname through JNA with a 64-bit {@code size_t} length (JNA's own SystemB mapping uses
 * an int). Loaded only on macOS: the platform check lives in the caller.
 */
public final class LibcSysctl implements Sysctl {
    interface LibC extends Library {
        int sysctlbyname(String name, Pointer oldp, LongByReference oldlenp, Pointer newp, long newlen);
    }

    private final LibC libc = Native.load("c", LibC.class);

    @Override
    public OptionalLong number(String name) {
        Memory buf = new Memory(8);
        buf.clear();
        LongByReference len = new LongByReference(8);
        if (libc.sysctlbyname(name, buf, len, null, 0) != 0) {
            return OptionalLong.empty();
        }
        long n = len.getValue();
        if (n == 4) {
            return OptionalLong.of(buf.getInt(0) & 0xFFFFFFFFL);
        }
        return n == 8 ? OptionalLong.of(buf.getLong(0)) : OptionalLong.empty();
    }

    @Override
    public Optional<String> string(String name) {
        LongByReference len = new LongByReference(0);
        if (libc.sysctlbyname(name, null, len, null, 0) != 0 || len.getValue() <= 0) {
            return Optional.empty();
        }
        Memory buf = new Memory(len.getValue() + 1);
        buf.clear();
        if (libc.sysctlbyname(name, buf, len, null, 0) != 0) {
            return Optional.empty();
        }
        return Optional.of(buf.getString(0, "UTF-8").strip());
    }
}
