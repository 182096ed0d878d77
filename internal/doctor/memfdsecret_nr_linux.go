//go:build linux && (386 || amd64 || arm64 || loong64 || riscv64 || s390x)

package doctor

import "golang.org/x/sys/unix"

// sysMemfdSecret is memfd_secret's syscall number: 447 on every
// architecture that wires it (it needs ARCH_HAS_SET_DIRECT_MAP).
const sysMemfdSecret = unix.SYS_MEMFD_SECRET
