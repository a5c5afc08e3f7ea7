package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/peerhours/peerhours/storage"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); builds
// without it report what the build information says (describeVersion).
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
		v := versionString()
		if v == "dev" && version == "" { // not stamped by -X main.version either
			v += " (built without version control information: go run, or -buildvcs=false; go build in a checkout stamps the commit)"
		}
		fmt.Fprintln(stdout, "peerhours", v)
		return nil
	case "help", "-h", "-help", "--help":
		printHelp(stdout)
		return nil
	}
	return usageError(fmt.Sprintf("unknown command %q", cmd))
}

func versionString() string {
	bi, _ := debug.ReadBuildInfo()
	return describeVersion(version, bi)
}

// describeVersion is the version the build says: the one set at link time,
// else the module's (go install …@v1.2.3, or go build in a checkout, which
// stamps a pseudo-version from the commit), else the commit the checkout
// was at (its vcs.revision, with -dirty for uncommitted changes), else
// "dev".
func describeVersion(linked string, bi *debug.BuildInfo) string {
	if linked != "" {
		return linked
	}
	if bi == nil {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "devel-" + rev
	if dirty {
		v += "-dirty"
	}
	if at != "" {
		v += " (committed " + at + ")"
	}
	return v
}

// migrate applies the database migrations and prints the schema version.
func migrate(ctx context.Context, lookup func(string) (string, bool), stdout io.Writer) error {
	cfg, err := loadConfig(lookup)
	if err != nil {
		return err
	}
	st, err := storage.Inspect(cfg.DatabasePath)
	if cfg.DatabaseURL != "" {
		st, err = storage.FileState{}, nil // a server, not a file
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if st.Exists && st.Size > 0 && !st.SQLite {
		return fmt.Errorf("migrate: %s", st.Unusable())
	}
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := db.Tables(ctx)
	if err != nil {
		return fmt.Errorf("migrate: read %s: %w", cfg.Database(), err)
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
		case cfg.DatabaseURL != "":
			was = "it held no tables"
		case st.Exists && st.Size == 0:
			was = "the file was empty"
		case st.Exists:
			was = "the file held no tables"
		}
		fmt.Fprintf(stdout, "%s: a new database (%s)\n", cfg.Database(), was)
	}
	fmt.Fprintf(stdout, "%s: schema version %d\n", cfg.Database(), v)
	return nil
}
