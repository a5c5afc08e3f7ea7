package bot

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every job kind declared in the package (a constant named job… with a
// string value) has a row in jobKinds, and the table has no other rows;
// only the emergency jobs are critical.
func TestEveryJobKindIsInTheTable(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	declared := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "job") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						declared[v] = true
					}
				}
			}
		}
	}
	table := jobKinds()
	for kind := range declared {
		if table[kind].run == nil {
			t.Errorf("job kind %q has no row in jobKinds", kind)
		}
	}
	for kind, k := range table {
		if !declared[kind] {
			t.Errorf("jobKinds has %q, which no constant declares", kind)
		}
		if want := kind == jobCrisisReply || kind == jobAlert || kind == jobRealert; k.critical != want {
			t.Errorf("%q critical = %v, want %v", kind, k.critical, want)
		}
	}
	if len(declared) < 40 {
		t.Errorf("found %d job kinds; the parse missed some", len(declared))
	}
}

// A job whose reference cannot be read fails with EINVALID, which ends it,
// instead of running on a zero ID.
func TestJobWithABadReferenceIsInvalid(t *testing.T) {
	s := &Service{jobKinds: jobKinds()}
	for _, j := range []Job{
		{Kind: jobOHItem, Ref: 1, RefText: ""},
		{Kind: jobOHEventState, Ref: 1, RefText: "x"},
		{Kind: jobClinRemind, Ref: 1, RefText: ""},
		{Kind: "no_such_kind"},
	} {
		if err := s.doJob(context.Background(), j); ErrorCode(err) != EINVALID {
			t.Errorf("%+v: %v, want EINVALID", j, err)
		}
	}
}
