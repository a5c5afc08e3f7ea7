package pgtest

import (
	"bufio"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server is a PostgreSQL server this process started.
type Server struct {
	cmd  *exec.Cmd
	dir  string // data directory and socket
	url  string
	out  *tail
	eof  chan struct{} // closed when the server's output ends
	gone chan error    // its exit, once eof is closed
}

// start runs initdb and then postgres on a new directory. Durability is
// off (fsync, full page writes, synchronous commit): the data is thrown
// away at the end. The server dies with the process that started it
// (Pdeathsig), so a test killed by its timeout leaves no server behind.
func start(bin string) (*Server, error) {
	dir, err := os.MkdirTemp("", "peerhours-pg-")
	if err != nil {
		return nil, err
	}
	cred, err := serverUser(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--no-locale", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, lastLine(string(out)))
	}
	s := &Server{dir: dir, out: &tail{}, eof: make(chan struct{}), gone: make(chan error, 1)}
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir, "-c", "listen_addresses=",
		"-F", "-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "max_connections=300")
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		announced := false
		for sc.Scan() {
			s.out.add(sc.Text())
			if !announced && strings.Contains(sc.Text(), "ready to accept connections") {
				announced = true
				close(ready)
			}
		}
		close(s.eof)
		// Wait closes the pipe: only once everything in it was read.
		s.gone <- s.cmd.Wait()
	}()
	select {
	case <-ready:
	case <-s.eof:
		err := <-s.gone
		os.RemoveAll(dir)
		return nil, fmt.Errorf("postgres exited (%v): %s", err, s.out)
	case <-time.After(2 * time.Minute):
		s.Stop()
		return nil, fmt.Errorf("postgres not ready after 2 minutes: %s", s.out)
	}
	u := url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres",
		RawQuery: url.Values{"host": {dir}, "sslmode": {"disable"}}.Encode()}
	s.url = u.String()
	return s, nil
}

// Pid is the server's postmaster process; every other process of the
// server (backends, checkpointer, …) is its child.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Stop shuts the server down at once (its data is thrown away) and
// removes its directory.
func (s *Server) Stop() {
	s.cmd.Process.Signal(syscall.SIGQUIT)
	<-s.eof
	<-s.gone
	os.RemoveAll(s.dir)
}

// serverUser is whom the server runs as: postgres refuses to run as root,
// so a test running as root (CI's containers) runs it as the postgres
// user, which then owns dir.
func serverUser(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, and there is no postgres user to run the server as")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}
