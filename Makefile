# peerhours: build, test, bench, lint. Needs Go 1.26 and gcc (cgo, SQLite).
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# The Dockerfile's build flags (deploy/dockerfile_test.go checks the
# Dockerfile's; keep these the same).
TAGS    := sqlite_omit_load_extension
LDFLAGS := -s -w -X main.version=$(VERSION)

export CGO_ENABLED = 1

.PHONY: all build test test-short e2e bench lint fmt docker clean triage-model

all: lint test build

build: ## bin/peerhours, as the container builds it
	$(GO) build -trimpath -buildvcs=false -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o bin/peerhours ./cmd/peerhours

test: ## every test, with the race detector (what CI runs)
	$(GO) test -race ./...

test-short: ## the quick loop: skips the slow ones (the 12.5 s rate-limit burst, the builds of the binary, the browser), and runs the fault suite a fifth as many times
	$(GO) test -short ./...

e2e: ## the end-to-end tests against the Discord emulator
	$(GO) test -race -run 'EndToEnd' ./cmd/peerhours/

bench: ## the benchmarks behind docs/benchmarks.md's figures
	$(GO) test -run '^$$' -bench . -benchmem ./...

# staticcheck at a pinned release (.ci/run pins the same one); go install is
# quick once it is built. GOFLAGS is cleared so the project's flags do not
# reach the tool's own build.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
TOOLBIN     := $(shell $(GO) env GOPATH)/bin

lint: ## gofmt, go.mod tidy, go vet, staticcheck
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	@$(GO) mod tidy -diff || { echo "go.mod or go.sum is not tidy: run go mod tidy"; exit 1; }
	$(GO) vet ./...
	GOFLAGS= GOBIN=$(TOOLBIN) $(GO) install $(STATICCHECK)
	$(TOOLBIN)/staticcheck ./...

triage-model: ## retrain triage's learned layer from bot/triage/testdata (deterministic: same data, same bytes)
	$(GO) run ./cmd/traintriage

fmt:
	gofmt -w .

docker: ## the container image (needs network for the base images)
	docker build --build-arg VERSION=$(VERSION) -t peerhours:$(VERSION) .

clean:
	rm -rf bin
