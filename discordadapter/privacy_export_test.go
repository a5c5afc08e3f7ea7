package discordadapter

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/peerhours/peerhours/bot"
)

// Discord refuses uploads over 10 MiB (413 40005): an export that large is
// sent gzipped, and one too large even then is refused with a reason
// instead of failing at Discord.
func TestExportFileFitsDiscordsUploadLimit(t *testing.T) {
	small := []byte(`{"messages":[]}`)
	f, err := exportFile("42", small)
	if err != nil || f.Name != "peerhours-export-42.json" || f.ContentType != "application/json" {
		t.Fatalf("small export: %+v, %v", f, err)
	}

	big := bytes.Repeat([]byte(`{"text":"my sugar was low again this morning"},`), (maxUpload/40)+1)
	f, err = exportFile("42", big)
	if err != nil || f.Name != "peerhours-export-42.json.gz" || f.ContentType != "application/gzip" {
		t.Fatalf("large export: %+v, %v", f, err)
	}
	z, _ := io.ReadAll(f.Reader)
	if len(z) > maxUpload {
		t.Errorf("gzipped export of %d bytes, over the limit", len(z))
	}
	r, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	if back, _ := io.ReadAll(r); !bytes.Equal(back, big) {
		t.Error("the gzipped export does not hold the export")
	}

	noise := make([]byte, maxUpload+1)
	rng := rand.NewChaCha8([32]byte{1})
	_, _ = rng.Read(noise)
	if _, err := exportFile("42", noise); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("incompressible export over the limit: %v, want EINVALID", err)
	}
}
