package fakediscord

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// APIError is Discord's JSON error body, {"message": ..., "code": ...}, with
// the nested "errors" object of 50035 Invalid Form Body. REST handlers answer
// with it, and test-side actions return it when Discord would refuse what a
// user tried (a member without SEND_MESSAGES posting, say).
type APIError struct {
	Status  int            `json:"-"`
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Errors  map[string]any `json:"errors,omitempty"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("discord %d: %s (code %d)", e.Status, e.Message, e.Code)
}

// Discord's JSON error codes used by the emulator.
const (
	CodeGeneral                  = 0
	CodeUnknownChannel           = 10003
	CodeUnknownGuild             = 10004
	CodeUnknownMember            = 10007
	CodeUnknownMessage           = 10008
	CodeUnknownOverwrite         = 10009
	CodeUnknownRole              = 10011
	CodeUnknownUser              = 10013
	CodeUnknownWebhook           = 10015
	CodeUnknownInteraction       = 10062
	CodeUnknownCommand           = 10063
	CodeUnknownScheduledEvent    = 10070
	CodeNotAuthorizedOnApp       = 20012
	CodeMaxRoles                 = 30005
	CodeUnauthorized             = 40001
	CodeAlreadyAcknowledged      = 40060
	CodeMissingAccess            = 50001
	CodeEmptyMessage             = 50006
	CodeCannotMessageUser        = 50007
	CodeMissingPermissions       = 50013
	CodeInvalidWebhookToken      = 50027
	CodeInvalidRole              = 50028
	CodeInvalidChannelType       = 50024
	CodeInvalidFormBody          = 50035
	CodeArchivedThread           = 50083
	CodeInvalidJSON              = 50109
	CodeReplyNeedsHistory        = 160002
	CodeThreadAlreadyCreated     = 160004
	CodeCannotUpdateFinishedEvnt = 180000
)

func apiErr(status, code int, msg string) *APIError {
	return &APIError{Status: status, Code: code, Message: msg}
}

func errUnauthorized() *APIError {
	return apiErr(http.StatusUnauthorized, CodeGeneral, "401: Unauthorized")
}
func errNotFound() *APIError { return apiErr(http.StatusNotFound, CodeGeneral, "404: Not Found") }
func errMethodNotAllowed() *APIError {
	return apiErr(http.StatusMethodNotAllowed, CodeGeneral, "405: Method Not Allowed")
}
func errUnknownChannel() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownChannel, "Unknown Channel")
}
func errUnknownGuild() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownGuild, "Unknown Guild")
}
func errUnknownMember() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownMember, "Unknown Member")
}
func errUnknownMessage() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownMessage, "Unknown Message")
}
func errUnknownRole() *APIError { return apiErr(http.StatusNotFound, CodeUnknownRole, "Unknown Role") }
func errUnknownUser() *APIError { return apiErr(http.StatusNotFound, CodeUnknownUser, "Unknown User") }
func errUnknownWebhook() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownWebhook, "Unknown Webhook")
}
func errUnknownInteraction() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownInteraction, "Unknown interaction")
}
func errUnknownCommand() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownCommand, "Unknown application command")
}
func errUnknownEvent() *APIError {
	return apiErr(http.StatusNotFound, CodeUnknownScheduledEvent, "Unknown Guild Scheduled Event")
}
func errMissingAccess() *APIError {
	return apiErr(http.StatusForbidden, CodeMissingAccess, "Missing Access")
}
func errMissingPermissions() *APIError {
	return apiErr(http.StatusForbidden, CodeMissingPermissions, "Missing Permissions")
}
func errInvalidWebhookToken() *APIError {
	return apiErr(http.StatusUnauthorized, CodeInvalidWebhookToken, "Invalid Webhook Token")
}
func errEmptyMessage() *APIError {
	return apiErr(http.StatusBadRequest, CodeEmptyMessage, "Cannot send an empty message")
}
func errInvalidJSON() *APIError {
	return apiErr(http.StatusBadRequest, CodeInvalidJSON, "The request body contains invalid JSON.")
}

// formErrors collects 50035 field errors under dotted paths
// ("embeds.0.description") and renders Discord's nested shape:
//
//	{"embeds": {"0": {"description": {"_errors": [{"code": ..., "message": ...}]}}}}
type formErrors struct {
	root map[string]any
}

func (f *formErrors) add(path, code, message string) {
	if f.root == nil {
		f.root = map[string]any{}
	}
	node := f.root
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		next, ok := node[part].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[part] = next
		}
		node = next
	}
	list, _ := node["_errors"].([]any)
	node["_errors"] = append(list, map[string]any{"code": code, "message": message})
}

func (f *formErrors) empty() bool { return len(f.root) == 0 }

// err returns the 50035 error, or nil when nothing was added.
func (f *formErrors) err() *APIError {
	if f.empty() {
		return nil
	}
	e := apiErr(http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
	e.Errors = f.root
	return e
}

// formError is a one-field 50035.
func formError(path, code, message string) *APIError {
	var f formErrors
	f.add(path, code, message)
	return f.err()
}

func maxLengthMsg(n int) string { return "Must be " + strconv.Itoa(n) + " or fewer in length." }
func lengthBetweenMsg(lo, hi int) string {
	return "Must be between " + strconv.Itoa(lo) + " and " + strconv.Itoa(hi) + " in length."
}

func joinPath(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}
