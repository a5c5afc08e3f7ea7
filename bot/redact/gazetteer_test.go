package redact

import (
	"os"
	"testing"

	"github.com/peerhours/peerhours/bot/redact/internal/gazetteer"
)

// TestGazetteerUpToDate rebuilds the gazetteer from its raw files and wants the embedded table
// to be exactly that: run go generate ./bot/redact/internal/gazetteer after changing them.
func TestGazetteerUpToDate(t *testing.T) {
	built, st, err := gazetteer.Build(os.DirFS("internal/gazetteer/data"))
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := os.ReadFile("internal/gazetteer/gazetteer.bin")
	if err != nil {
		t.Fatal(err)
	}
	if string(built) != string(embedded) {
		t.Fatalf("gazetteer.bin is out of date: go run ./bot/redact/internal/gengazetteer (%d keys, %d bytes built, %d embedded)",
			st.Keys, len(built), len(embedded))
	}
	if gazetteer.Default.Len() != st.Keys {
		t.Fatalf("embedded table has %d keys, want %d", gazetteer.Default.Len(), st.Keys)
	}
	for _, c := range []struct {
		key  string
		want uint16
	}{
		{"okonkwo", 0}, {"jake", gazetteer.GivenStrong}, {"tacoma", gazetteer.PlaceStrong}, {"grace", gazetteer.GivenWord},
		{"metformin", gazetteer.Medical}, {"san diego", gazetteer.PlaceStrong}, {"georgia", gazetteer.Region},
	} {
		if got := gazetteer.Default.LookupString(c.key); c.want != 0 && got&c.want == 0 {
			t.Errorf("%q: flags %b, want %b set", c.key, got, c.want)
		}
	}
}
