package lab;

/** Native integer division by zero (an empty sample set). */
public class DivZero {
    public static void main(String[] args) {
        System.out.println(Native.average(42, 0));
    }
}
