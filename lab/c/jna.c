/* Functions the lab calls through JNA (Debian's libjna-java), not JNI. */
#include "lab.h"
#include <stdint.h>

struct sample {
    int64_t ts;
    int32_t value; /* offset 8 */
};

typedef void (*sample_fn)(int32_t *value);

/* Hands each sample's value to a Java callback; with a NULL array the
   callback receives the interior pointer 0x8. */
NOINLINE void lab_each_sample(struct sample *s, int n, sample_fn fn) {
    for (int i = 0; i < n; i++)
        fn(&s[i].value);
}
