package lab;

/** Does nothing; the crash comes from the JVMTI agent loaded with it. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
