/* Loads, stores, traps and divisions in the shapes the fault analysis
 * decodes, cross-compiled for ppc64le, ppc64 (big-endian) and s390x; see
 * ../README.md. Each function takes its pointer as argument 1. */
struct s { int a; long b; unsigned short h[4]; };

long ld(long *p, long i) { return p[i]; }               /* indexed */
int ldw(int *p, unsigned i) { return p[i]; }
void st(char *p, int i, char v) { p[i] = v; }
long field(struct s *p) { return p->b; }                 /* base + displacement */
unsigned short half(struct s *p) { return p->h[3]; }
long far(char *p) { return *(long *)(p + 300000); }      /* beyond 16 bits */
long neg(long *p) { return p[-3]; }
double fld(double *p, int i) { return p[i]; }
void fst(float *p, float v) { p[5] = v; }
long sum(long *p, long n) { long s = 0; while (n--) s += *++p; return s; } /* update forms */
long cas(long *p, long o, long n) { return __sync_val_compare_and_swap(p, o, n); }
void copy(char *d, const char *s) { __builtin_memcpy(d, s, 32); }
void stnull(long v) { *(volatile long *)0 = v; }
long div(long a, long b) { return a / b; }
unsigned udiv(unsigned a, unsigned b) { return a / b; }
void trap(void) { __builtin_trap(); }

/* The trap instructions HotSpot emits for implicit checks and
 * should-not-reach-here. */
void nullcheck(long *p) {
#if defined(__powerpc64__)
	__asm__ volatile("tdeqi %0,0" : : "r"(p));
#elif defined(__s390x__)
	__asm__ volatile("cgit %0,0,8" : : "r"(p));
#endif
}
void illtrap(void) {
#if defined(__powerpc64__)
	__asm__ volatile(".long 0");
#elif defined(__s390x__)
	__asm__ volatile(".short 0");
#endif
}
