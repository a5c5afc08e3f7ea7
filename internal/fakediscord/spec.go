package fakediscord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/peerhours/peerhours/internal/discordspec"
)

// Spec checks requests against Discord's OpenAPI description of its HTTP
// API (internal/discordspec/openapi.json): the path parameters, the query
// and the JSON body (for multipart bodies, their payload_json) of every
// request the emulator receives on a route the description has. A request
// that does not conform is answered 400 with code 50035 and an "errors"
// object, as Discord answers it, before any handler runs.
//
// The description is read with the conventions of the repository it comes
// from: an int-parseable string is accepted wherever a body field is an
// integer (permissions travel as strings), and a oneOf union is satisfied by
// any of its members. Response schemas are not checked. A Spec is safe for
// concurrent use and is meant to be loaded once per process (RepoSpec):
// building it takes about a second.
type Spec struct {
	v validator.Validator
}

// LoadSpec reads and prepares the OpenAPI description at path.
func LoadSpec(path string) (*Spec, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	prepareSpec(doc, (&Server{}).buildRoutes())
	prepared, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	d, err := libopenapi.NewDocument(prepared)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	model, err := d.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// The emulator checks the token itself (401 before any 50035).
	v := validator.NewValidatorFromV3Model(&model.Model, config.WithoutSecurityValidation())
	return &Spec{v: v}, nil
}

var (
	repoSpecOnce sync.Once
	repoSpec     *Spec
	repoSpecErr  error
	repoSpecPath string
)

// RepoSpec is the repository's copy of Discord's OpenAPI description,
// loaded once per process, for tests to put in Options.Spec. When the file
// is absent (a checkout without it, a binary away from the source) it
// returns nil and logs one line saying the check is skipped; a file that
// cannot be read or parsed is logged the same way.
func RepoSpec(logf func(format string, args ...any)) *Spec {
	repoSpecOnce.Do(func() {
		repoSpecPath = discordspec.Path()
		if repoSpecPath == "" {
			repoSpecErr = fmt.Errorf("internal/discordspec/%s not found", discordspec.FileName)
			return
		}
		repoSpec, repoSpecErr = LoadSpec(repoSpecPath)
		if repoSpecErr == nil {
			return
		}
		if logf != nil {
			logf("fakediscord: Discord's OpenAPI description at %s is unusable (%v); requests are not checked against it", repoSpecPath, repoSpecErr)
		}
	})
	if repoSpec == nil && repoSpecPath == "" && logf != nil {
		skipOnce.Do(func() {
			logf("fakediscord: %v; requests are not checked against Discord's OpenAPI description", repoSpecErr)
		})
	}
	return repoSpec
}

var skipOnce sync.Once

// prepareSpec turns Discord's description into what the validator should
// check: only the operations the emulator serves, request sides only, JSON
// bodies only, unions as anyOf, and integer body fields that also take
// int-parseable strings.
func prepareSpec(doc map[string]any, routes *router) {
	doc["servers"] = []any{map[string]any{"url": "/"}}
	paths, _ := doc["paths"].(map[string]any)
	for p, item := range paths {
		ops, ok := item.(map[string]any)
		if !ok {
			continue
		}
		kept := 0
		for method, op := range ops {
			o, ok := op.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			if !routes.serves(strings.ToUpper(method), p) {
				delete(ops, method)
				continue
			}
			kept++
			o["responses"] = map[string]any{"default": map[string]any{"description": "not checked"}}
			if rb, ok := o["requestBody"].(map[string]any); ok {
				if content, ok := rb["content"].(map[string]any); ok {
					for mt := range content {
						if mt != "application/json" {
							delete(content, mt)
						}
					}
				}
			}
			if params, ok := o["parameters"]; ok {
				o["parameters"] = unionsAsAnyOf(params)
			}
			if rb, ok := o["requestBody"]; ok {
				o["requestBody"] = bodySchema(rb)
			}
		}
		if kept == 0 {
			delete(paths, p)
		}
	}
	if comps, ok := doc["components"].(map[string]any); ok {
		if schemas, ok := comps["schemas"].(map[string]any); ok {
			for name, s := range schemas {
				schemas[name] = bodySchema(s)
			}
		}
	}
}

// bodySchema rewrites a schema used in request bodies: oneOf becomes anyOf,
// and an integer type also admits a string of digits.
func bodySchema(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			x[k] = bodySchema(val)
		}
		if one, ok := x["oneOf"]; ok {
			delete(x, "oneOf")
			x["anyOf"] = one
		}
		if t, ok := x["type"]; ok && hasType(t, "integer") && !hasType(t, "string") {
			switch t := t.(type) {
			case string:
				x["type"] = []any{t, "string"}
			case []any:
				x["type"] = append(t, "string")
			}
			if _, ok := x["pattern"]; !ok {
				x["pattern"] = `^-?[0-9]+$`
			}
		}
		// Choices of integers take their strings too (a union of consts
		// often has no "type" beside each const).
		if c, ok := x["const"].(float64); ok {
			delete(x, "const")
			x["enum"] = []any{c}
		}
		if enum, ok := x["enum"].([]any); ok {
			for _, e := range enum {
				if n, ok := e.(float64); ok {
					enum = append(enum, strconv.FormatFloat(n, 'f', -1, 64))
				}
			}
			x["enum"] = enum
		}
		return x
	case []any:
		for i, val := range x {
			x[i] = bodySchema(val)
		}
		return x
	}
	return v
}

// unionsAsAnyOf rewrites oneOf as anyOf and nothing else (parameters keep
// their integer types: the validator parses query strings itself).
func unionsAsAnyOf(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			x[k] = unionsAsAnyOf(val)
		}
		if one, ok := x["oneOf"]; ok {
			delete(x, "oneOf")
			x["anyOf"] = one
		}
	case []any:
		for i, val := range x {
			x[i] = unionsAsAnyOf(val)
		}
	}
	return v
}

func hasType(t any, name string) bool {
	switch t := t.(type) {
	case string:
		return t == name
	case []any:
		for _, x := range t {
			if x == name {
				return true
			}
		}
	}
	return false
}

// serves reports whether the emulator has a route for method and an
// OpenAPI path template such as /channels/{channel_id}/messages.
func (rt *router) serves(method, template string) bool {
	segs := strings.Split(strings.Trim(template, "/"), "/")
	for _, r := range rt.routes {
		if r.method != method || len(r.segs) != len(segs) {
			continue
		}
		same := true
		for i, seg := range r.segs {
			if isParam(seg) != isParam(segs[i]) || (!isParam(seg) && seg != segs[i]) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// check validates one request: path is relative to /api/vN and escaped,
// body the JSON body (or payload_json). It returns the 50035 Discord would
// answer, or nil.
func (sp *Spec) check(method, path string, query url.Values, body []byte) *APIError {
	u := &url.URL{Path: path, RawQuery: query.Encode()}
	var rd *bytes.Reader
	if len(bytes.TrimSpace(body)) > 0 {
		rd = bytes.NewReader(body)
	}
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequest(method, u.String(), rd)
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	} else {
		req, err = http.NewRequest(method, u.String(), nil)
	}
	if err != nil {
		return nil
	}
	okay, errs := sp.v.ValidateHttpRequestSync(req)
	if okay {
		return nil
	}
	var fe formErrors
	for _, e := range errs {
		specErrorInto(&fe, e, body)
	}
	return fe.err()
}

var wantNumber = regexp.MustCompile(`want (-?[0-9]+)`)

// specErrorInto adds one validator error to fe under Discord's paths and
// codes. Errors that are not about the request's content (a route the
// description lacks, a content type) add nothing.
func specErrorInto(fe *formErrors, e *verrors.ValidationError, body []byte) {
	switch e.ValidationType {
	case "parameter", "query", "path":
	case "requestBody":
	default:
		if e.ParameterName == "" && len(e.SchemaValidationErrors) == 0 {
			return
		}
	}
	if e.ValidationSubType == "missing" && e.ValidationType == "path" {
		return // a route the description does not have
	}
	base := e.ParameterName
	if len(e.SchemaValidationErrors) == 0 {
		if base == "" {
			return
		}
		fe.add(base, "BASE_TYPE_INVALID", e.Reason)
		return
	}
	// Of a union's failures, report those of the deepest paths: the
	// member that matched the value's "type" fails further in, while the
	// others fail at the union itself.
	fails := e.SchemaValidationErrors
	sort.SliceStable(fails, func(i, j int) bool { return len(fails[i].InstancePath) > len(fails[j].InstancePath) })
	seen := map[string]bool{}
	for _, f := range fails {
		path := base
		for _, seg := range f.InstancePath {
			path = joinPath(path, seg)
		}
		code, msg := discordCode(f)
		if seen[path+code] {
			continue
		}
		seen[path+code] = true
		if path == "" && code == "BASE_TYPE_INVALID" && len(fails) > 1 {
			continue
		}
		fe.add(path, code, msg)
	}
}

// discordCode names a schema failure with Discord's error code and message.
func discordCode(f *verrors.SchemaValidationFailure) (string, string) {
	kw := f.KeywordLocation
	if i := strings.LastIndex(kw, "/"); i >= 0 {
		kw = kw[i+1:]
	}
	n := ""
	if m := wantNumber.FindStringSubmatch(f.Reason); m != nil {
		n = m[1]
	}
	switch kw {
	case "maxLength", "maxItems":
		if n != "" {
			return "BASE_TYPE_MAX_LENGTH", "Must be " + n + " or fewer in length."
		}
		return "BASE_TYPE_MAX_LENGTH", f.Reason
	case "minLength", "minItems":
		if n != "" {
			return "BASE_TYPE_MIN_LENGTH", "Must be " + n + " or more in length."
		}
		return "BASE_TYPE_MIN_LENGTH", f.Reason
	case "maximum":
		return "NUMBER_TYPE_MAX", "int value should be less than or equal to " + n + "."
	case "minimum":
		return "NUMBER_TYPE_MIN", "int value should be greater than or equal to " + n + "."
	case "required":
		return "BASE_TYPE_REQUIRED", "This field is required"
	case "enum", "const":
		return "BASE_TYPE_CHOICES", f.Reason
	case "pattern":
		if strings.Contains(f.Reason, "^(0|[1-9][0-9]*)$") {
			return "NUMBER_TYPE_COERCE", "Value is not snowflake."
		}
		return "STRING_TYPE_REGEX", f.Reason
	case "type":
		return "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type. (" + f.Reason + ")"
	}
	return "BASE_TYPE_INVALID", f.Reason
}
