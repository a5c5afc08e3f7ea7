package fakediscord

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// maxBody is Discord's upload limit for bots without boosts, rounded up.
const maxBody = 26 << 20

// request is what a REST handler sees.
type request struct {
	s      *Server
	r      *http.Request
	route  *route
	params map[string]string
	query  url.Values
	// body is the JSON body, or the payload_json part of a multipart body.
	body  []byte
	files []uploadedFile
	call  *Call
}

type uploadedFile struct {
	field       string
	name        string
	contentType string
	data        []byte
}

func (rq *request) param(name string) string { return rq.params[name] }

// decode unmarshals the JSON body; a body that is not JSON is Discord's
// 50109.
func (rq *request) decode(v any) *APIError {
	if len(bytes.TrimSpace(rq.body)) == 0 {
		return formError("", "BASE_TYPE_REQUIRED", "This field is required")
	}
	if err := json.Unmarshal(rq.body, v); err != nil {
		return errInvalidJSON()
	}
	return nil
}

// reply is a handler's answer: a status with a JSON body, or an APIError.
// The body is marshalled when the reply is made, which is inside the
// handler's critical section, so it is a snapshot of the state.
type reply struct {
	status int
	body   []byte
	err    *APIError
}

func ok(v any) reply      { return reply{status: http.StatusOK, body: mustJSON(v)} }
func created(v any) reply { return reply{status: http.StatusCreated, body: mustJSON(v)} }
func noContent() reply    { return reply{status: http.StatusNoContent} }
func fail(e *APIError) reply {
	return reply{status: e.Status, err: e}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	// Count the handler so Close can wait for it; refuse once closing.
	s.mu.Lock()
	if s.isClosed() {
		s.mu.Unlock()
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	if websocket.IsWebSocketUpgrade(r) {
		s.serveGateway(w, r)
		return
	}
	s.serveREST(w, r)
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	at := s.now()
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		s.writeError(w, apiErr(http.StatusRequestEntityTooLarge, 40005, "Request entity too large"))
		return
	}

	call := Call{
		Method:    r.Method,
		Path:      r.URL.Path,
		Query:     r.URL.Query(),
		UserAgent: r.Header.Get("User-Agent"),
		At:        at,
	}
	if reason := r.Header.Get("X-Audit-Log-Reason"); reason != "" {
		call.AuditLogReason, _ = url.PathUnescape(reason)
	}
	rq := &request{s: s, r: r, query: call.Query, call: &call}

	path, isAPI := apiPath(r.URL.EscapedPath())
	if isAPI {
		call.Path, _ = url.PathUnescape(path)
	}

	// A multipart body carries the JSON in payload_json, as discordgo's
	// MultipartBodyWithJSON writes it.
	var parseErr *APIError
	if mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		rq.body, rq.files, parseErr = parseMultipart(raw, params["boundary"])
		for _, f := range rq.files {
			call.Files = append(call.Files, CallFile{Field: f.field, Name: f.name, ContentType: f.contentType, Size: len(f.data)})
		}
	} else {
		rq.body = raw
	}
	if len(bytes.TrimSpace(rq.body)) > 0 {
		call.RawBody = json.RawMessage(rq.body)
		var decoded any
		if json.Unmarshal(rq.body, &decoded) == nil {
			call.Body = decoded
		}
	}

	var rt *route
	var pathKnown bool
	if isAPI {
		rt, rq.params, pathKnown = s.routes.match(r.Method, path)
	}
	if rt != nil {
		rq.route = rt
		call.Route = rt.name
		call.Params = rq.params
	}

	s.mu.Lock()
	s.tickLocked()
	s.callSeq++
	call.Seq = s.callSeq
	var injected *fault
	var delay time.Duration
	if rt != nil {
		injected = s.takeFault(rt.name)
		delay = s.latency[rt.name]
		if delay > 0 {
			s.held[rt.name]++
			s.notify()
		}
	}
	s.mu.Unlock()

	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-s.closed:
			t.Stop()
		case <-r.Context().Done():
			t.Stop()
		}
		s.mu.Lock()
		s.held[rt.name]--
		s.mu.Unlock()
	}

	// Discord's description of its API: a request that does not conform is
	// refused before any handler sees it (spec.go).
	var specErr *APIError
	if rt != nil && s.opts.Spec != nil && parseErr == nil {
		specErr = s.opts.Spec.check(r.Method, path, call.Query, rq.body)
		if specErr != nil {
			call.SpecViolation = true
		}
	}

	bucket := bucketHash(call.Route)
	var status int
	var body []byte
	switch {
	case rt == nil:
		call.Unknown = true
		e := errNotFound()
		if pathKnown {
			e = errMethodNotAllowed()
		}
		status, body, call.Error = e.Status, mustJSON(e), e
	case injected != nil:
		call.Injected = true
		status, body = faultReply(injected, w, bucket)
		var e APIError
		if json.Unmarshal(body, &e) == nil {
			e.Status = status
			call.Error = &e
		}
	case parseErr != nil:
		status, body, call.Error = parseErr.Status, mustJSON(parseErr), parseErr
	case rt.public && specErr != nil:
		status, body, call.Error = specErr.Status, mustJSON(specErr), specErr
	case rt.public:
		status, body, call.Error = s.runHandler(rt, rq)
	case !rt.noAuth && !s.authorized(r):
		e := errUnauthorized()
		status, body, call.Error = e.Status, mustJSON(e), e
	case rt.noAuth && r.Header.Get("Authorization") != "" && !s.authorized(r):
		// Discord ignores the header on token routes unless it is present
		// and wrong.
		e := errUnauthorized()
		status, body, call.Error = e.Status, mustJSON(e), e
	case specErr != nil:
		status, body, call.Error = specErr.Status, mustJSON(specErr), specErr
	default:
		status, body, call.Error = s.runHandler(rt, rq)
	}
	if status != http.StatusTooManyRequests {
		setRateLimitHeaders(w, bucket)
	}
	call.Status = status
	if body != nil {
		call.Response = json.RawMessage(body)
	}
	call.Duration = time.Since(started)

	s.mu.Lock()
	s.record(call)
	s.mu.Unlock()
	s.logf("fakediscord: %s -> %d (%s)", orUnknown(call.Route, r.Method+" "+call.Path), status, call.Duration.Round(time.Microsecond))

	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) runHandler(rt *route, rq *request) (int, []byte, *APIError) {
	rep := rt.handler(rq)
	switch {
	case rep.err != nil:
		return rep.status, mustJSON(rep.err), rep.err
	case rep.status == http.StatusNoContent:
		return rep.status, nil, nil
	}
	return rep.status, rep.body, nil
}

func orUnknown(route, path string) string {
	if route != "" {
		return route
	}
	return "unknown route " + path
}

// authorized checks "Authorization: Bot <token>".
func (s *Server) authorized(r *http.Request) bool {
	return r.Header.Get("Authorization") == "Bot "+s.Token()
}

func (s *Server) writeError(w http.ResponseWriter, e *APIError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_, _ = w.Write(mustJSON(e))
}

// setRateLimitHeaders sends the bucket headers Discord sends on every
// answer. Remaining never reaches zero, so discordgo never waits on its own;
// rate limits happen only when a test injects them.
func setRateLimitHeaders(w http.ResponseWriter, bucket string) {
	h := w.Header()
	h.Set("X-RateLimit-Limit", "50")
	h.Set("X-RateLimit-Remaining", "49")
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(time.Second).UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", "1.000")
	h.Set("X-RateLimit-Bucket", bucket)
}

func bucketHash(route string) string {
	sum := sha1.Sum([]byte(route))
	return hex.EncodeToString(sum[:8])
}

func parseMultipart(raw []byte, boundary string) ([]byte, []uploadedFile, *APIError) {
	if boundary == "" {
		return nil, nil, errInvalidJSON()
	}
	mr := multipart.NewReader(bytes.NewReader(raw), boundary)
	var payload []byte
	var files []uploadedFile
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errInvalidJSON()
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, errInvalidJSON()
		}
		name := part.FormName()
		switch {
		case name == "payload_json":
			payload = data
		case part.FileName() != "":
			ct := part.Header.Get("Content-Type")
			if ct == "" {
				ct = "application/octet-stream"
			}
			files = append(files, uploadedFile{field: name, name: part.FileName(), contentType: ct, data: data})
		}
	}
	return payload, files, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only the emulator's own values are marshalled here; failing to
		// marshal one is a bug in the emulator.
		panic("fakediscord: marshal: " + err.Error())
	}
	return b
}

// isNull reports whether a raw JSON value is absent or null.
func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// fields splits a JSON object body into raw fields, so handlers can tell an
// absent field from a zero one as Discord's PATCH semantics require.
func fields(body []byte) (map[string]json.RawMessage, *APIError) {
	var m map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, errInvalidJSON()
	}
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	return m, nil
}

// flexInt64 decodes a permission bitfield sent as a JSON number or string.
func flexInt64(raw json.RawMessage) (int64, bool) {
	t := strings.TrimSpace(string(raw))
	t = strings.Trim(t, `"`)
	if t == "" || t == "null" {
		return 0, true
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil
}
