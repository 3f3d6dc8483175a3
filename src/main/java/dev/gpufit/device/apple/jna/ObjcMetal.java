package dev.gpufit.device.apple.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.gpufit.device.apple.MetalInfo;
import java.util.OptionalLong;

/**
 * Metal's recommendedMaxWorkingSetSize through the Objective-C runtime:
 * {@code objc_msgSend(MTLCreateSystemDefaultDevice(), sel_registerName("recommendedMaxWorkingSetSize"))}.
 * objc_msgSend is declared non-variadic with fixed arguments, as arm64 requires.
 * Not verified on a Mac yet; any failure yields empty and the caller falls back.
 */
public final class ObjcMetal implements MetalInfo {
    private static final String METAL = "/System/Library/Frameworks/Metal.framework/Metal";
    private static final String CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics";

    interface Metal extends Library {
        Pointer MTLCreateSystemDefaultDevice();
    }

    interface ObjC extends Library {
        Pointer sel_registerName(String name);

        long objc_msgSend(Pointer receiver, Pointer selector);
    }

    @Override
    public OptionalLong recommendedMaxWorkingSetSize() {
        try {
            // Command-line processes may get no default device unless CoreGraphics is loaded.
            NativeLibrary.getInstance(CORE_GRAPHICS);
            Metal metal = Native.load(METAL, Metal.class);
            ObjC objc = Native.load("objc", ObjC.class);
            Pointer device = metal.MTLCreateSystemDefaultDevice();
            if (device == null) {
                return OptionalLong.empty();
            }
            long v = objc.objc_msgSend(device, objc.sel_registerName("recommendedMaxWorkingSetSize"));
            return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
