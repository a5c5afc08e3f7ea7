package openaitest

import (
	"net/http"

	openai "github.com/sashabaranov/go-openai"
)

// serveModels lists the configured models, which lets a client check its
// key and base URL without spending tokens.
func (s *Server) serveModels(w http.ResponseWriter, r *http.Request) {
	req := s.record(newRequest(r, nil))
	switch {
	case r.Method != http.MethodGet:
		writeError(w, http.StatusMethodNotAllowed, "use GET", "")
		return
	case !s.authorized(r):
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided", "invalid_api_key")
		return
	}
	ids := s.opts.Models
	if len(ids) == 0 {
		ids = []string{"gpt-4o-mini"}
	}
	list := struct {
		Object string         `json:"object"`
		Data   []openai.Model `json:"data"`
	}{Object: "list"}
	for _, id := range ids {
		list.Data = append(list.Data, openai.Model{
			ID: id, Object: "model", OwnedBy: "openaitest", CreatedAt: req.Time.Unix(),
		})
	}
	writeJSON(w, http.StatusOK, list)
}
