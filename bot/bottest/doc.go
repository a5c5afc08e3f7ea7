// Package bottest has fakes of the interfaces package bot consumes, for
// tests of the domain that need no Discord at all: a stateful Discord that
// records every notice, and a controllable clock. Storage is not faked:
// domain tests use a real SQLite file through package storage.
package bottest
