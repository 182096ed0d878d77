package lab;

/** Runs an instruction of the ISA extension named in args[0]. */
public class MissingInstruction {
    public static void main(String[] args) {
        Native.useFeature(args[0]);
    }
}
