//go:build !linux

package pgtest

import "errors"

type server struct{ url string }

// start is Linux's alone (it needs Pdeathsig): elsewhere, name a server
// with PEERHOURS_TEST_POSTGRES.
func start(string) (*server, error) {
	return nil, errors.New("starting a server is supported on Linux only")
}

func (*server) stop() {}
