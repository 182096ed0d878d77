package lab;

/** Waits to be killed from outside (kill -SEGV). */
public class Sleeper {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
