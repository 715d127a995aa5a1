package loopback

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// holder names the process listening on TCP port, from /proc: the
// listening socket's inode in /proc/net/tcp{,6}, then the process with a
// descriptor on it. Processes of other users are not readable; then it
// returns "".
func holder(port string) string {
	n, err := strconv.Atoi(port)
	if err != nil {
		return ""
	}
	inode := listeningInode(fmt.Sprintf("%04X", n))
	if inode == "" {
		return ""
	}
	pid := socketOwner("socket:[" + inode + "]")
	if pid == "" {
		return ""
	}
	comm, _ := os.ReadFile(filepath.Join("/proc", pid, "comm"))
	if name := strings.TrimSpace(string(comm)); name != "" {
		return fmt.Sprintf("process %s (%s)", pid, name)
	}
	return "process " + pid
}

// listeningInode finds a socket in state LISTEN (0A) on the hex port.
func listeningInode(hexPort string) string {
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) > 9 && fs[3] == "0A" && strings.HasSuffix(fs[1], ":"+hexPort) {
				f.Close()
				return fs[9]
			}
		}
		f.Close()
	}
	return ""
}

// socketOwner finds a process with a descriptor whose link is target.
func socketOwner(target string) string {
	fds, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range fds {
		if link, err := os.Readlink(fd); err == nil && link == target {
			return strings.Split(strings.TrimPrefix(fd, "/proc/"), "/")[0]
		}
	}
	return ""
}
