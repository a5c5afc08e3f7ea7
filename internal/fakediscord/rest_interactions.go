package fakediscord

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/discordspec"
)

// flags an interaction reply may carry.
const settableReplyFlags = discordgo.MessageFlagsEphemeral | discordgo.MessageFlagsSuppressEmbeds |
	discordgo.MessageFlagsSuppressNotifications | discordgo.MessageFlagsIsComponentsV2

// interactionCallback answers POST /interactions/{id}/{token}/callback.
// Discord accepts exactly one callback, within 3 seconds of the interaction,
// of a type that fits the interaction.
func (s *Server) interactionCallback(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	var typ discordgo.InteractionResponseType
	if !decodeOptional(raw, "type", &typ) {
		return fail(formError("type", "BASE_TYPE_REQUIRED", "This field is required"))
	}
	var data map[string]json.RawMessage
	if v, ok := raw["data"]; ok && !isNull(v) {
		if json.Unmarshal(v, &data) != nil {
			return fail(formError("data", "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type."))
		}
	}
	var payload *messagePayload
	var payloadErr *APIError
	if typ == discordgo.InteractionResponseChannelMessageWithSource || typ == discordgo.InteractionResponseUpdateMessage {
		if data == nil {
			data = map[string]json.RawMessage{}
			rq.call.MissingAllowedMentions = true
		}
		payload, payloadErr = parseMessageBody(rq, data, "data")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.interactions[rq.param("id")]
	if it == nil {
		return fail(errUnknownInteraction())
	}
	if it.token != rq.param("token") {
		return fail(errInvalidWebhookToken())
	}
	if it.responded {
		return fail(apiErr(http.StatusBadRequest, CodeAlreadyAcknowledged, "Interaction has already been acknowledged."))
	}
	if s.now().Sub(it.created) > interactionWindow {
		return fail(errUnknownInteraction())
	}
	if !responseFits(it, typ) {
		return fail(formError("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid for this interaction"))
	}
	if payloadErr != nil {
		return fail(payloadErr)
	}
	switch typ {
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if e := checkAutocomplete(data); e != nil {
			return fail(e)
		}
	case discordgo.InteractionResponseModal:
		if e := checkModal(data); e != nil {
			return fail(e)
		}
	}

	cs := s.channelOf(it.channelID)
	if cs == nil && typ != discordgo.InteractionApplicationCommandAutocompleteResult && typ != discordgo.InteractionResponseModal {
		return fail(errUnknownChannel())
	}
	switch typ {
	case discordgo.InteractionResponseChannelMessageWithSource:
		m, e := s.buildMessage(cs, s.botUser(), allPermissions, payload, rq.files)
		if e != nil {
			return fail(e)
		}
		rq.call.Notified = s.pings[m.ID]
		m.Flags = payload.flags & settableReplyFlags
		s.markInteractionReply(it, m)
		s.insertMessage(cs, m)
		s.emitMessage("MESSAGE_CREATE", m)
		it.originalID, it.replyReady = m.ID, true
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		var flags discordgo.MessageFlags
		decodeOptional(data, "flags", &flags)
		m := &discordgo.Message{
			ID: s.newID(), ChannelID: cs.ch.ID, Timestamp: s.now(), Author: s.botUser(),
			Flags:  discordgo.MessageFlagsLoading | flags&discordgo.MessageFlagsEphemeral,
			Embeds: []*discordgo.MessageEmbed{}, Attachments: []*discordgo.MessageAttachment{},
			Mentions: []*discordgo.User{}, MentionRoles: []string{},
		}
		s.markInteractionReply(it, m)
		s.insertMessage(cs, m)
		s.emitMessage("MESSAGE_CREATE", m)
		it.originalID = m.ID
	case discordgo.InteractionResponseDeferredMessageUpdate:
		it.originalID = it.sourceMessageID
	case discordgo.InteractionResponseUpdateMessage:
		m := s.messageOf(it.channelID, it.sourceMessageID)
		if m == nil {
			return fail(errUnknownMessage())
		}
		if e := s.applyEdit(cs, m, allPermissions, payload, rq.files); e != nil {
			return fail(e)
		}
		s.emitMessage("MESSAGE_UPDATE", m)
		it.originalID, it.replyReady = m.ID, true
	}
	it.responded = true
	it.responseType = typ
	it.responseRaw = append([]byte(nil), rq.body...)
	s.notify()
	return noContent()
}

// responseFits is Discord's table of which callback types each
// interaction type accepts.
func responseFits(it *interactionState, typ discordgo.InteractionResponseType) bool {
	switch typ {
	case discordgo.InteractionResponsePong:
		return it.typ == discordgo.InteractionPing
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource:
		return it.typ == discordgo.InteractionApplicationCommand || it.typ == discordgo.InteractionMessageComponent || it.typ == discordgo.InteractionModalSubmit
	case discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage:
		return it.typ == discordgo.InteractionMessageComponent || (it.typ == discordgo.InteractionModalSubmit && it.sourceMessageID != "")
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		return it.typ == discordgo.InteractionApplicationCommandAutocomplete
	case discordgo.InteractionResponseModal:
		return it.typ == discordgo.InteractionApplicationCommand || it.typ == discordgo.InteractionMessageComponent
	}
	return false
}

func checkAutocomplete(data map[string]json.RawMessage) *APIError {
	var choices []*discordgo.ApplicationCommandOptionChoice
	if v, ok := data["choices"]; ok && !isNull(v) {
		if json.Unmarshal(v, &choices) != nil {
			return formError("data.choices", "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.")
		}
	}
	var fe formErrors
	if len(choices) > maxChoices {
		fe.add("data.choices", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxChoices))
	}
	for i, c := range choices {
		p := "data.choices." + strconv.Itoa(i)
		if c == nil {
			continue
		}
		if n := runes(c.Name); n < 1 || n > 100 {
			fe.add(p+".name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		}
		switch v := c.Value.(type) {
		case string:
			if runes(v) > 100 {
				fe.add(p+".value", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(100))
			}
		case float64:
		default:
			fe.add(p+".value", "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.")
		}
	}
	return fe.err()
}

// checkModal enforces a modal's shape: a custom_id, a title of at most 45
// characters and one to five action rows of one text input each.
func checkModal(data map[string]json.RawMessage) *APIError {
	var fe formErrors
	var customID, title string
	if !decodeOptional(data, "custom_id", &customID) || customID == "" {
		fe.add("data.custom_id", "BASE_TYPE_REQUIRED", "This field is required")
	} else if runes(customID) > maxCustomID {
		fe.add("data.custom_id", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxCustomID))
	}
	if !decodeOptional(data, "title", &title) || title == "" {
		fe.add("data.title", "BASE_TYPE_REQUIRED", "This field is required")
	} else if runes(title) > discordspec.ModalTitleMax {
		fe.add("data.title", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(discordspec.ModalTitleMax))
	}
	var parts []json.RawMessage
	decodeOptional(data, "components", &parts)
	if len(parts) < 1 || len(parts) > 5 {
		fe.add("data.components", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 5))
	}
	for i, p := range parts {
		path := "data.components." + strconv.Itoa(i)
		c, err := discordgo.MessageComponentFromJSON(p)
		row, ok := asActionsRow(c)
		if err != nil || !ok || len(row.Components) != 1 {
			fe.add(path, "COMPONENT_LAYOUT_INVALID", "A modal row must hold exactly one text input")
			continue
		}
		ti, ok := deref(row.Components[0]).(discordgo.TextInput)
		if !ok {
			fe.add(path+".components.0.type", "COMPONENT_TYPE_INVALID", "Component type is not valid in this context.")
			continue
		}
		if ti.CustomID == "" || runes(ti.CustomID) > maxCustomID {
			fe.add(path+".components.0.custom_id", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, maxCustomID))
		}
		if n := runes(ti.Label); n < 1 || n > discordspec.TextInputLabelMax {
			fe.add(path+".components.0.label", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, discordspec.TextInputLabelMax))
		}
		if runes(ti.Placeholder) > discordspec.TextInputPlaceholderMax {
			fe.add(path+".components.0.placeholder", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(discordspec.TextInputPlaceholderMax))
		}
		if runes(ti.Value) > discordspec.TextInputValueMax {
			fe.add(path+".components.0.value", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(discordspec.TextInputValueMax))
		}
		if ti.Style != discordgo.TextInputShort && ti.Style != discordgo.TextInputParagraph {
			fe.add(path+".components.0.style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.")
		}
		if ti.MaxLength > discordspec.TextInputLengthMax || ti.MinLength > discordspec.TextInputLengthMax || ti.MinLength < 0 {
			fe.add(path+".components.0.max_length", "NUMBER_TYPE_MAX", "int value should be less than or equal to "+strconv.Itoa(discordspec.TextInputLengthMax)+".")
		}
	}
	return fe.err()
}

// markInteractionReply fills the fields Discord puts on interaction replies.
func (s *Server) markInteractionReply(it *interactionState, m *discordgo.Message) {
	user := s.userOf(it.userID)
	m.WebhookID = s.opts.ApplicationID
	switch it.typ {
	case discordgo.InteractionApplicationCommand:
		m.Type = discordgo.MessageTypeChatInputCommand
		if it.commandType == discordgo.UserApplicationCommand || it.commandType == discordgo.MessageApplicationCommand {
			m.Type = discordgo.MessageTypeContextMenuCommand
		}
		m.Interaction = &discordgo.MessageInteraction{ID: it.id, Type: it.typ, Name: it.commandName, User: user}
	case discordgo.InteractionMessageComponent:
		m.Type = discordgo.MessageTypeReply
		if src := s.msgIndex[it.sourceMessageID]; src != nil {
			m.MessageReference = &discordgo.MessageReference{MessageID: src.ID, ChannelID: src.ChannelID, GuildID: it.guildID}
		}
	}
	m.InteractionMetadata = &discordgo.MessageInteractionMetadata{
		ID: it.id, Type: it.typ, User: user,
		AuthorizingIntegrationOwners: map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationGuildInstall: it.guildID},
	}
}

// webhookInteraction resolves /webhooks/{app}/{token}: the application must
// be ours and the token an interaction's, used within 15 minutes.
func (s *Server) webhookInteraction(rq *request) (*interactionState, *APIError) {
	if rq.param("app") != s.opts.ApplicationID {
		return nil, errUnknownWebhook()
	}
	it := s.byToken[rq.param("token")]
	if it == nil || s.now().Sub(it.created) > webhookWindow {
		return nil, errInvalidWebhookToken()
	}
	return it, nil
}

// interactionMessage finds @original or a followup of the interaction.
func (s *Server) interactionMessage(it *interactionState, id string) (*channelState, *discordgo.Message, *APIError) {
	if id == "@original" {
		if it.originalID == "" || it.originalDeleted {
			return nil, nil, errUnknownMessage()
		}
		id = it.originalID
	} else if id != it.originalID && !containsString(it.followups, id) {
		return nil, nil, errUnknownMessage()
	}
	m := s.msgIndex[id]
	if m == nil {
		return nil, nil, errUnknownMessage()
	}
	cs := s.channelOf(m.ChannelID)
	if cs == nil {
		return nil, nil, errUnknownChannel()
	}
	return cs, m, nil
}

func containsString(list []string, x string) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

func (s *Server) getOriginal(rq *request) reply { return s.getWebhookMessage(rq, "@original") }
func (s *Server) getFollowup(rq *request) reply { return s.getWebhookMessage(rq, rq.param("m")) }

func (s *Server) getWebhookMessage(rq *request, id string) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, e := s.webhookInteraction(rq)
	if e != nil {
		return fail(e)
	}
	_, m, e := s.interactionMessage(it, id)
	if e != nil {
		return fail(e)
	}
	return ok(restMessage(m))
}

func (s *Server) editOriginal(rq *request) reply { return s.editWebhookMessage(rq, "@original") }
func (s *Server) editFollowup(rq *request) reply { return s.editWebhookMessage(rq, rq.param("m")) }

// editWebhookMessage answers PATCH of @original or a followup. Editing a
// deferred reply replaces the "thinking" state with the content.
func (s *Server) editWebhookMessage(rq *request, id string) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	p, pe := parseMessageBody(rq, raw, "")
	s.mu.Lock()
	defer s.mu.Unlock()
	it, e := s.webhookInteraction(rq)
	if e != nil {
		return fail(e)
	}
	cs, m, e := s.interactionMessage(it, id)
	if e != nil {
		return fail(e)
	}
	if pe != nil {
		return fail(pe)
	}
	if e := s.finishOrEdit(it, cs, m, p, rq.files); e != nil {
		return fail(e)
	}
	return ok(restMessage(m))
}

// finishOrEdit applies an edit to an interaction message; on @original it
// also ends a deferral.
func (s *Server) finishOrEdit(it *interactionState, cs *channelState, m *discordgo.Message, p *messagePayload, files []uploadedFile) *APIError {
	// The ephemeral flag is fixed when the reply is created, and the
	// "thinking" flag goes away with the first edit (which must then leave
	// something to show).
	keep := m.Flags & (discordgo.MessageFlagsEphemeral | discordgo.MessageFlagsHasThread)
	loading := m.Flags & discordgo.MessageFlagsLoading
	m.Flags &^= discordgo.MessageFlagsLoading
	if e := s.applyEdit(cs, m, allPermissions, p, files); e != nil {
		m.Flags |= loading
		return e
	}
	m.Flags = m.Flags&^(discordgo.MessageFlagsEphemeral|discordgo.MessageFlagsLoading) | keep
	if m.ID == it.originalID {
		it.replyReady = true
	}
	s.emitMessage("MESSAGE_UPDATE", m)
	s.notify()
	return nil
}

func (s *Server) deleteOriginal(rq *request) reply { return s.deleteWebhookMessage(rq, "@original") }
func (s *Server) deleteFollowup(rq *request) reply { return s.deleteWebhookMessage(rq, rq.param("m")) }

func (s *Server) deleteWebhookMessage(rq *request, id string) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, e := s.webhookInteraction(rq)
	if e != nil {
		return fail(e)
	}
	cs, m, e := s.interactionMessage(it, id)
	if e != nil {
		return fail(e)
	}
	// For a component interaction @original is the component's message,
	// and deleting it deletes that message.
	if m.ID == it.originalID {
		it.originalDeleted = true
	}
	s.removeMessage(cs, m.ID)
	if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		s.emitMessageDelete(cs, m.ID)
	}
	s.notify()
	return noContent()
}

// createFollowup answers POST /webhooks/{app}/{token}. After a deferral the
// first followup becomes the reply itself, as on Discord; later ones are new
// messages (ephemeral with flag 64). ?wait=true returns the message.
func (s *Server) createFollowup(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	p, pe := parseMessageBody(rq, raw, "")
	s.mu.Lock()
	defer s.mu.Unlock()
	it, e := s.webhookInteraction(rq)
	if e != nil {
		return fail(e)
	}
	if !it.responded {
		return fail(errUnknownWebhook())
	}
	if pe != nil {
		return fail(pe)
	}
	wait := rq.query.Get("wait") == "true"
	if orig := s.msgIndex[it.originalID]; orig != nil && !it.originalDeleted && orig.Flags&discordgo.MessageFlagsLoading != 0 {
		cs := s.channelOf(orig.ChannelID)
		if e := s.finishOrEdit(it, cs, orig, p, rq.files); e != nil {
			return fail(e)
		}
		if wait {
			return ok(restMessage(orig))
		}
		return noContent()
	}
	cs := s.channelOf(it.channelID)
	if cs == nil {
		return fail(errUnknownChannel())
	}
	m, e := s.buildMessage(cs, s.botUser(), allPermissions, p, rq.files)
	if e != nil {
		return fail(e)
	}
	rq.call.Notified = s.pings[m.ID]
	m.Flags = p.flags & settableReplyFlags
	s.markInteractionReply(it, m)
	m.Interaction = nil
	m.Type = discordgo.MessageTypeDefault
	m.InteractionMetadata.OriginalResponseMessageID = it.originalID
	s.insertMessage(cs, m)
	it.followups = append(it.followups, m.ID)
	s.emitMessage("MESSAGE_CREATE", m)
	s.notify()
	if wait {
		return ok(restMessage(m))
	}
	return noContent()
}
