package wire

import (
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// A pipe made a child's standard input or output, and the known text that
// crosses it; mirrors ctests/include/pipe_stdio.h.
const (
	PipeStdioText      = "the quick brown fox jumps over the lazy dog" // PIPE_STDIO_TEXT
	PipeStdioLines     = 4096                                          // PIPE_STDIO_LINES: 208896 bytes
	PipeStdioMaxLines  = 999999                                        // PIPE_STDIO_MAX_LINES: six-digit line numbers
	PipeStdioLineBytes = 51                                            // PIPE_STDIO_LINE_BYTES: digits, space, text, newline
	PipeStdioChunk     = PIPE_BUF                                      // PIPE_STDIO_CHUNK: the parent's largest write
	PipeStdioFnvOffset = 2166136261                                    // PIPE_STDIO_FNV_OFFSET
	PipeStdioFnvPrime  = 16777619                                      // PIPE_STDIO_FNV_PRIME
)

// PipeStdioLine puts line i of the text, counting from 0, in buf, as
// pipe_stdio_line does: what fmt.Sprintf("%06d %s\n", i+1, PipeStdioText)
// gives for i+1 up to PipeStdioMaxLines.
func PipeStdioLine(buf *[PipeStdioLineBytes]byte, i int64) {
	n := i + 1
	for d := 5; d >= 0; d-- {
		buf[d] = byte('0' + n%10)
		n /= 10
	}
	buf[6] = ' '
	copy(buf[7:], PipeStdioText)
	buf[PipeStdioLineBytes-1] = '\n'
}

// PipeStdioReceive reads the text of lines lines from fd, checking every
// byte, then wants end of file, as pipe_stdio_receive does; with head >= 0
// it reads only the first head bytes and does not wait for end of file. It
// prints "<who> read N bytes, L lines, fnv-1a 0xXXXXXXXX" for the bytes
// that arrived and matched, and returns true, or says on stderr what went
// wrong and returns false. Each wait is a poll bounded by timeout seconds.
func PipeStdioReceive(fd int, who string, lines, head, timeout int64) bool {
	want := lines * PipeStdioLineBytes
	if head >= 0 && head < want {
		want = head
	}
	var line [PipeStdioLineBytes]byte
	buf := make([]byte, PipeStdioChunk)
	got, nl := int64(0), 0
	sum := uint32(PipeStdioFnvOffset)
	ok := true
read:
	for !(head >= 0 && got == want) {
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		ready, err := unix.Poll(pfd, int(timeout*1000))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Error("poll", err)
			ok = false
			break
		}
		if ready == 0 {
			fmt.Fprintf(os.Stderr, "timeout: nothing to read after %d s\n", timeout)
			ok = false
			break
		}
		// A head reads no further than it wants: the rest is not its.
		room := buf
		if head >= 0 && want-got < int64(len(room)) {
			room = room[:want-got]
		}
		n, err := unix.Read(fd, room)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Error("read", err)
			ok = false
			break
		}
		if n == 0 {
			if got < want {
				fmt.Fprintf(os.Stderr, "content: end of file after %d of %d bytes\n", got, want)
				ok = false
			}
			break
		}
		for _, b := range room[:n] {
			if got == want {
				fmt.Fprintf(os.Stderr, "content: more than %d bytes\n", want)
				ok = false
				break read
			}
			col := got % PipeStdioLineBytes
			if col == 0 {
				PipeStdioLine(&line, got/PipeStdioLineBytes)
			}
			if b != line[col] {
				fmt.Fprintf(os.Stderr, "content: byte %d is 0x%02x, want 0x%02x\n", got, b, line[col])
				ok = false
				break read
			}
			sum = (sum ^ uint32(b)) * PipeStdioFnvPrime
			if b == '\n' {
				nl++
			}
			got++
		}
	}
	fmt.Printf("%s read %d bytes, %d lines, fnv-1a 0x%08x\n", who, got, nl, sum)
	return ok
}

// PipeStdioSend writes the text of lines lines to fd, as pipe_stdio_send
// does: PipeStdioChunk bytes at a time, each after poll says the pipe has
// room, so every wait stays bounded by timeout seconds. It returns true, or
// false after reporting the failure ("write: EPIPE" once the reader is
// gone: the Go runtime turns SIGPIPE into EPIPE on descriptors but 1 and 2).
func PipeStdioSend(fd int, lines, timeout int64) bool {
	total, sent := lines*PipeStdioLineBytes, int64(0)
	var line [PipeStdioLineBytes]byte
	buf := make([]byte, PipeStdioChunk)
	for sent < total {
		n := int64(0)
		for ; n < int64(len(buf)) && sent+n < total; n++ {
			col := (sent + n) % PipeStdioLineBytes
			if col == 0 {
				PipeStdioLine(&line, (sent+n)/PipeStdioLineBytes)
			}
			buf[n] = line[col]
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		ready, err := unix.Poll(pfd, int(timeout*1000))
		for err == unix.EINTR {
			ready, err = unix.Poll(pfd, int(timeout*1000))
		}
		if err != nil {
			peer.Error("poll", err)
			return false
		}
		if ready == 0 {
			fmt.Fprintf(os.Stderr, "timeout: no room to write after %d s\n", timeout)
			return false
		}
		// POLLERR (no reader left) falls through: write says EPIPE.
		if err := peer.WriteFull(fd, buf[:n]); err != nil {
			peer.Error("write", err)
			return false
		}
		sent += n
	}
	return true
}

// ShellQuote returns word in single quotes, inside which the shell takes
// every byte literally; a ' in word ends the quotes, is escaped (\') and
// reopens them, as the C parent's shell_quote writes it for popen.
func ShellQuote(word string) string {
	b := []byte{'\''}
	for i := 0; i < len(word); i++ {
		if word[i] == '\'' {
			b = append(b, `'\''`...)
		} else {
			b = append(b, word[i])
		}
	}
	return string(append(b, '\''))
}
