package memo

import (
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestBoundedAndConcurrent(t *testing.T) {
	c := New[int](100)
	calls := 0
	var mu sync.Mutex
	compute := func(k string) int {
		mu.Lock()
		calls++
		mu.Unlock()
		n, _ := strconv.Atoi(k)
		return n * 2
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				if got := c.Do(strconv.Itoa(i%50), compute); got != (i%50)*2 {
					t.Errorf("Do(%d) = %d", i%50, got)
				}
			}
		}()
	}
	wg.Wait()
	if calls > 4*50 || calls < 50 {
		t.Errorf("%d computations for 50 keys", calls)
	}
	for i := 0; i < 1000; i++ {
		c.Put(strconv.Itoa(i), i)
	}
	if c.Len() > 100 {
		t.Errorf("cache grew to %d", c.Len())
	}
	c.Reset()
	if c.Len() != 0 {
		t.Error("Reset left entries")
	}
}

// A key longer than MaxKey is computed every time and never stored.
func TestLongKeysNotStored(t *testing.T) {
	c := New[int](10)
	calls := 0
	long := strings.Repeat("x", MaxKey+1)
	for i := 0; i < 3; i++ {
		if v := c.Do(long, func(string) int { calls++; return 7 }); v != 7 {
			t.Fatalf("Do = %d", v)
		}
	}
	if calls != 3 || c.Len() != 0 {
		t.Fatalf("%d computations, %d entries; want 3 and 0", calls, c.Len())
	}
}
