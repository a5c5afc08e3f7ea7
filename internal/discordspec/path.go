package discordspec

import (
	"os"
	"path/filepath"
	"runtime"
)

// FileName is the spec's name inside this package's directory.
const FileName = "openapi.json"

// Path finds openapi.json in this package's directory of the repository:
// first from the working directory up (a test runs in its package's
// directory, somewhere below the module root), then beside this source
// file as the compiler saw it. It returns "" when neither has it, as in a
// binary run away from the source tree or a checkout without the file.
func Path() string {
	if dir, err := os.Getwd(); err == nil {
		for {
			p := filepath.Join(dir, "internal", "discordspec", FileName)
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				if _, err := os.Stat(p); err == nil {
					return p
				}
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		p := filepath.Join(filepath.Dir(file), FileName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}
