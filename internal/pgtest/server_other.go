//go:build !linux

package pgtest

import "errors"

// Server is a PostgreSQL server this process started: never, here.
type Server struct{ url string }

// start is Linux's alone (it needs Pdeathsig): elsewhere, name a server
// with PEERHOURS_TEST_POSTGRES.
func start(string) (*Server, error) {
	return nil, errors.New("starting a server is supported on Linux only")
}

// Pid is 0: there is no server.
func (*Server) Pid() int { return 0 }

// Stop does nothing.
func (*Server) Stop() {}
