//go:build !unix

package outputs

// nonBlocking: no such flag; files are looked at (Lstat) before they are opened.
const nonBlocking = 0
