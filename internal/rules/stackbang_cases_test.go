package rules

// Rows for the stack-bang reading of stack-overflow-java-recursion.

const bangTop = "J 145543 C2 com.example.Dispatcher.invoke(Ljava/lang/Object;)Ljava/lang/Object; (61 bytes) @ 0x00007fd154f82640 [0x00007fd154f82620+0x20]"

// bangRegs is a register block whose RSP is 0x00007fd06df6dff8.
var bangRegs = []string{"Registers:",
	"RAX=0x0000000000000000, RBX=0x00000006c8afd320, RCX=0x0000000000000001, RDX=0x0000000000000002",
	"RSP=0x00007fd06df6dff8, RBP=0x00007fd06df6e050, RSI=0x0000000000000003, RDI=0x0000000000000004"}

var _ = cases(
	rcase{name: "a fault 0x14000 below sp at a compiled method's entry", rule: JavaRecursion, fire: true, min: 0.65,
		log:  hs{Frame: bangTop, Frames: []string{bangTop}, Siginfo: si(11, "SIGSEGV", "SEGV_ACCERR", 0x7fd06df59ff8), More: bangRegs}.log(),
		want: []string{"20 pages", "stack bang", "StackOverflowError"}},

	rcase{name: "a fault near sp but not a whole number of pages below it", rule: JavaRecursion,
		log: hs{Frame: bangTop, Frames: []string{bangTop}, Siginfo: si(11, "SIGSEGV", "SEGV_ACCERR", 0x7fd06df59ff0), More: bangRegs}.log()},
	rcase{name: "the same distance under a native frame is not a Java stack bang", rule: JavaRecursion,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: si(11, "SIGSEGV", "SEGV_ACCERR", 0x7fd06df59ff8), More: bangRegs}.log()},
	rcase{name: "a fault above sp is no bang", rule: JavaRecursion,
		log: hs{Frame: bangTop, Frames: []string{bangTop}, Siginfo: si(11, "SIGSEGV", "SEGV_ACCERR", 0x7fd06df81ff8), More: bangRegs}.log()},
)
