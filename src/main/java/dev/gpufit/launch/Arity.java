package dev.gpufit.launch;

/** How many values a flag takes after its name. */
enum Arity {
    /** A switch ({@code --mlock}, {@code --enforce-eager}). */
    NONE,
    /** Exactly one value. */
    ONE,
    /** Two values ({@code --lora-scaled FNAME SCALE}). */
    TWO,
    /** argparse {@code nargs='+'}: one or more, up to the next option. */
    MANY,
    /** argparse {@code nargs='?'}: a value when the next word is not an option. */
    OPTIONAL
}
