//go:build unix

package storage

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The database holds patients' words: the file, its -wal and its -shm are
// created readable by their owner only, whatever the umask lets through
// (022 here, the usual outside systemd and Docker).
func TestDatabaseFilesAreCreatedPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != FileMode {
			t.Errorf("%s: mode %v, want %v", filepath.Base(p), fi.Mode().Perm(), FileMode)
		}
	}
	// An existing file keeps the mode its owner gave it.
	shared := filepath.Join(dir, "shared.db")
	if err := os.WriteFile(shared, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(context.Background(), shared)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	if fi, _ := os.Stat(shared); fi.Mode().Perm() != 0o640 {
		t.Errorf("an existing file's mode changed to %v", fi.Mode().Perm())
	}
}
