// Command peerhours is a Discord bot for health peer-support communities.
// Run `peerhours help` for its commands and settings.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // IANA zones for schedules, also on machines without /usr/share/zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	lookup, warnings, err := environment()
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "peerhours: warning:", w)
	}
	if err == nil {
		err = run(ctx, os.Args[1:], lookup, os.Stdin, os.Stdout, os.Stderr)
	}
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err as one line and maps it to the exit status: 2 for a
// setting or usage problem, 1 for anything else, 0 for nil.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "peerhours:", err)
	var ce *ConfigError
	var ue usageError
	if errors.As(err, &ce) || errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError is a command line peerhours does not understand.
type usageError string

func (e usageError) Error() string { return string(e) + " (see peerhours help)" }
