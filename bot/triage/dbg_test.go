package triage

import (
	"os"
	"testing"
)

func TestDbg(t *testing.T) {
	s := os.Getenv("MSG")
	t.Logf("%q\n%s%v", Normalize(s), explain(s), Classify(s))
}
