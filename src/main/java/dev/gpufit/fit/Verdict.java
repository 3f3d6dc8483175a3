package dev.gpufit.fit;

import java.util.Locale;

/** The answer for one device (or overall). */
public enum Verdict {
    /** Fits with comfortable headroom. */
    FITS,
    /** Fits, but the headroom is under 5 % of the device or under 1 GiB. */
    TIGHT,
    /** Needs more than the budget. */
    DOES_NOT_FIT;

    public boolean fits() {
        return this != DOES_NOT_FIT;
    }

    /** "fits", "tight", "does_not_fit" (the JSON contract). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
