// Package deploy holds the deployment files (Dockerfile checks, systemd
// units). Its test builds the binary the way the Dockerfile does, since
// `docker build` needs base images from the network.
package deploy

import (
	"bufio"
	"debug/buildinfo"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// dockerfile is what the test reads from ../Dockerfile.
type dockerfile struct {
	args    map[string]string // ARG defaults
	env     map[string]string // ENV of the build stage
	build   []string          // the `go build` line's words, variables expanded
	stages  int
	user    string // the last USER
	volumes string
	workdir string
}

// parseDockerfile reads the instructions, joining continued lines.
func parseDockerfile(t *testing.T, path string) dockerfile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (l == "" || strings.HasPrefix(l, "#")) {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cur.WriteString(strings.TrimSuffix(l, "\\") + " ")
			continue
		}
		cur.WriteString(l)
		lines = append(lines, cur.String())
		cur.Reset()
	}
	d := dockerfile{args: map[string]string{}, env: map[string]string{}}
	for _, l := range lines {
		instr, rest, _ := strings.Cut(l, " ")
		instr = strings.ToUpper(instr)
		switch instr {
		case "FROM":
			d.stages++
		case "ARG":
			k, v, _ := strings.Cut(rest, "=")
			d.args[k] = v
		case "ENV":
			if d.stages == 1 {
				for _, kv := range strings.Fields(rest) {
					k, v, _ := strings.Cut(kv, "=")
					d.env[k] = v
				}
			}
		case "RUN":
			if d.stages == 1 && strings.HasPrefix(rest, "go build ") {
				d.build = shellWords(t, os.Expand(rest, func(k string) string { return d.args[k] }))
			}
		case "USER":
			d.user = rest
		case "VOLUME":
			d.volumes = rest
		case "WORKDIR":
			d.workdir = rest
		}
	}
	return d
}

// shellWords splits a command line the way sh does for plain words and
// double or single quotes (all the Dockerfile's go build line uses).
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

func TestDockerfileShape(t *testing.T) {
	d := parseDockerfile(t, "../Dockerfile")
	if d.stages < 2 {
		t.Errorf("%d stages, want a build stage and a runtime stage", d.stages)
	}
	if d.env["CGO_ENABLED"] != "1" {
		t.Errorf("CGO_ENABLED=%q in the build stage; mattn/go-sqlite3 needs cgo", d.env["CGO_ENABLED"])
	}
	if d.user == "" || strings.HasPrefix(d.user, "root") || strings.HasPrefix(d.user, "0") {
		t.Errorf("the image runs as %q, want an unprivileged user", d.user)
	}
	if !strings.Contains(d.volumes, "/data") || d.workdir != "/data" {
		t.Errorf("VOLUME %s, WORKDIR %s: want the database on /data", d.volumes, d.workdir)
	}
	if len(d.build) < 3 || d.build[0] != "go" || d.build[1] != "build" {
		t.Fatalf("no go build line in the build stage: %q", d.build)
	}
}

// The binary builds with the Dockerfile's own flags, and carries them.
func TestDockerfileBuildFlagsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary with -trimpath (a cold cgo build of SQLite)")
	}
	d := parseDockerfile(t, "../Dockerfile")
	out := filepath.Join(t.TempDir(), "peerhours")
	args := append([]string(nil), d.build[1:]...)
	for i, a := range args {
		if a == "-o" && i+1 < len(args) {
			args[i+1] = out
		}
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = ".." // the module root, as WORKDIR /src with COPY . .
	cmd.Env = os.Environ()
	for k, v := range d.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	info, err := buildinfo.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "1" || settings["-trimpath"] != "true" {
		t.Errorf("build settings: %v", settings)
	}
	version, err := exec.Command(out, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "peerhours " + d.args["VERSION"] + "\n"; string(version) != want {
		t.Errorf("version printed %q, want %q (the -X main.version flag)", version, want)
	}
	// The runtime stage's entry point works against a database on a volume.
	dir := t.TempDir()
	mig := exec.Command(out, "migrate")
	mig.Env = []string{"DATABASE_PATH=" + filepath.Join(dir, "peerhours.db")}
	if b, err := mig.CombinedOutput(); err != nil || !strings.Contains(string(b), "schema version") {
		t.Errorf("migrate: %v\n%s", err, b)
	}
	ver := exec.Command(out, "audit", "verify")
	ver.Env = mig.Env
	if b, err := ver.CombinedOutput(); err != nil || !strings.Contains(string(b), "audit log ok: empty") {
		t.Errorf("audit verify: %v\n%s", err, b)
	}
}
