//go:build unix

package outputs

import "syscall"

// nonBlocking opens a file without waiting on it: a FIFO put in place of
// an output would otherwise hold the run until something writes to it.
const nonBlocking = syscall.O_NONBLOCK
