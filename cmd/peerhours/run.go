package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/peerhours/peerhours/storage"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); builds
// without it report the module version or "dev".
var version = ""

// run is the whole program: main only supplies the process's environment,
// so tests can call run the same way.
func run(ctx context.Context, args []string, lookup func(string) (string, bool), stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "run"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		if len(args) > 0 {
			return usageError(fmt.Sprintf("run takes no arguments, got %q", args[0]))
		}
		return serve(ctx, lookup, stderr)
	case "sandbox":
		return sandboxCmd(ctx, args, lookup, stdout, stderr)
	case "migrate":
		return migrate(ctx, lookup, stdout)
	case "audit":
		return auditCmd(ctx, args, lookup, stdout)
	case "triage":
		return triageCmd(ctx, args, lookup, stdin, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "peerhours", versionString())
		return nil
	case "help", "-h", "-help", "--help":
		printHelp(stdout)
		return nil
	}
	return usageError(fmt.Sprintf("unknown command %q", cmd))
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// migrate applies the database migrations and prints the schema version.
func migrate(ctx context.Context, lookup func(string) (string, bool), stdout io.Writer) error {
	cfg, err := loadConfig(lookup)
	if err != nil {
		return err
	}
	st, err := storage.Inspect(cfg.DatabasePath)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if st.Exists && st.Size > 0 && !st.SQLite {
		return fmt.Errorf("migrate: %s", st.Unusable())
	}
	db, err := storage.Open(ctx, cfg.DatabasePath)
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := db.Tables(ctx)
	if err != nil {
		return fmt.Errorf("migrate: read %s: %w", cfg.DatabasePath, err)
	}
	if tables == 0 && st.WALMode && !st.HasWAL {
		// Migrating would make a new, empty database of what is likely
		// someone's copy missing its data: say so instead.
		return fmt.Errorf("migrate: %s; to start a new database instead, delete the file", st.WithoutTables())
	}
	v, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if tables == 0 {
		was := "the file did not exist"
		switch {
		case st.Exists && st.Size == 0:
			was = "the file was empty"
		case st.Exists:
			was = "the file held no tables"
		}
		fmt.Fprintf(stdout, "%s: a new database (%s)\n", cfg.DatabasePath, was)
	}
	fmt.Fprintf(stdout, "%s: schema version %d\n", cfg.DatabasePath, v)
	return nil
}
