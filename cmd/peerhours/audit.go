package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/storage"
)

// auditCmd runs `peerhours audit verify`: it checks the audit log's hash
// chain in the database (DATABASE_PATH or DATABASE_URL) without changing
// it, prints one line when it holds, and fails naming the first bad row
// when it does not.
func auditCmd(ctx context.Context, args []string, lookup func(string) (string, bool), stdout io.Writer) error {
	if len(args) != 1 || args[0] != "verify" {
		return usageError("audit takes one subcommand: verify")
	}
	cfg, err := loadConfig(lookup)
	if err != nil {
		return err
	}
	// Open would create a missing file; verifying nothing must not pass.
	st, err := storage.Inspect(cfg.DatabasePath)
	if cfg.DatabaseURL != "" {
		st, err = storage.FileState{}, nil // a server, not a file
	}
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	if cfg.DatabaseURL == "" && !st.Exists {
		return fmt.Errorf("audit verify: no database at %s (DATABASE_PATH)", cfg.DatabasePath)
	}
	if why := st.Unusable(); why != "" {
		return fmt.Errorf("audit verify: %s", why)
	}
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.Tables(ctx); err != nil {
		return fmt.Errorf("audit verify: read %s: %w", cfg.Database(), err)
	} else if n == 0 && cfg.DatabaseURL != "" {
		return fmt.Errorf("audit verify: %s holds no tables: it is not a peerhours database yet", cfg.Database())
	} else if n == 0 {
		return fmt.Errorf("audit verify: %s", st.WithoutTables())
	}
	latest, err := storage.LatestSchemaVersion()
	if err != nil {
		return err
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v < latest {
		return fmt.Errorf("audit verify: %s is at schema version %d, not %d; run peerhours migrate first", cfg.Database(), v, latest)
	}
	sum, err := bot.VerifyAudit(ctx, db)
	var ce *bot.ChainError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: %w (%s before it verified)", cfg.Database(), ce, rowCount(sum.Rows))
	}
	var ue *bot.UnprotectedError
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w; the chain itself verified (%s, head %s), but with the protection gone rows could have been rewritten and rehashed from any point: compare the head with one noted earlier", cfg.Database(), ue, rowCount(sum.Rows), sum.HeadSum)
	}
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	if sum.Rows == 0 {
		fmt.Fprintf(stdout, "%s: audit log ok: empty\n", cfg.Database())
		return nil
	}
	fmt.Fprintf(stdout, "%s: audit log ok: %s, chain intact through row %d (%s), head %s\n",
		cfg.Database(), rowCount(sum.Rows), sum.Head.ID, sum.Head.At.Format("2006-01-02T15:04:05Z"), sum.HeadSum)
	return nil
}

// rowCount is "1 row", "2 rows".
func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}
