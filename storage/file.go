package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// FileMode is the mode of a database file peerhours creates: it holds
// patients' words, so only its owner reads it. SQLite gives the -wal and
// -shm files beside it the database file's own mode.
const FileMode fs.FileMode = 0o600

// createPrivate creates path with FileMode when it does not exist yet, so
// that SQLite opens a file that is the owner's alone whatever the umask
// (SQLite itself creates with 0644 less the umask). An existing file keeps
// its mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	return f.Close()
}

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// FileState is what a database file looks like on disk, read without
// opening it as a database (which would change it).
type FileState struct {
	Path    string
	Exists  bool
	Size    int64
	SQLite  bool // starts with SQLite's header
	WALMode bool // the header says write-ahead logging
	// HasWAL is a non-empty -wal file beside it: changes not yet copied
	// into the database file.
	HasWAL bool
}

// Inspect reads the state of the file at path.
func Inspect(path string) (FileState, error) {
	st := FileState{Path: path}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return st, err
	}
	st.Exists, st.Size = true, fi.Size()
	var hdr [20]byte
	if _, err := io.ReadFull(f, hdr[:]); err == nil {
		st.SQLite = string(hdr[:16]) == sqliteMagic
		// bytes 18 and 19: the write and read format versions, 2 in WAL mode
		st.WALMode = st.SQLite && hdr[18] == 2 && hdr[19] == 2
	}
	if wi, err := os.Stat(path + "-wal"); err == nil && wi.Size() > 0 {
		st.HasWAL = true
	}
	return st, nil
}

// Unusable says what is wrong with a file that cannot be a peerhours
// database at all: an empty file, or one that is not SQLite. "" when it
// may be one (or does not exist).
func (st FileState) Unusable() string {
	switch {
	case !st.Exists:
		return ""
	case st.Size == 0:
		return fmt.Sprintf("%s is an empty file, not a database. If it is a copy of a database in use, copy it with sqlite3's .backup instead (see Backups in docs/operations.md)", st.Path)
	case !st.SQLite:
		return fmt.Sprintf("%s is not an SQLite database", st.Path)
	}
	return ""
}

// WithoutTables explains a database with no tables in it, as Tables found:
// with WAL mode on and no -wal file beside it, it is almost surely a copy
// of a database in use made without its write-ahead log, which is where
// everything since the last checkpoint is (all of it, for a database
// younger than its first checkpoint).
func (st FileState) WithoutTables() string {
	if st.WALMode && !st.HasWAL {
		return fmt.Sprintf("%s holds no tables, and no %s-wal file is beside it: it looks like a copy of a database in use made without its write-ahead log, where its data is. Copy the database with sqlite3's .backup (see Backups in docs/operations.md), or copy the -wal file with it", st.Path, st.Path)
	}
	return fmt.Sprintf("%s holds no tables: it is not a peerhours database yet (peerhours migrate makes a new one)", st.Path)
}

// Tables counts the tables in the database (on PostgreSQL, in its schema).
func (db *DB) Tables(ctx context.Context) (int, error) {
	query := "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
	if db.postgres {
		query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
	}
	var n int
	err := db.read.QueryRowContext(ctx, query).Scan(&n)
	return n, err
}
