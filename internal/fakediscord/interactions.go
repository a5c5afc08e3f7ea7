package fakediscord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interactionState follows one interaction from INTERACTION_CREATE through
// its callback, the edits of @original and the followups. Guarded by s.mu.
type interactionState struct {
	id, token string
	typ       discordgo.InteractionType
	guildID   string
	channelID string
	userID    string
	created   time.Time
	payload   []byte

	commandName string
	commandType discordgo.ApplicationCommandType
	// sourceMessageID is the message whose component was used (also for a
	// modal opened from a component).
	sourceMessageID string

	responded    bool
	responseType discordgo.InteractionResponseType
	responseRaw  []byte
	// originalID is the message @original refers to: the reply of types
	// 4 and 5, or the component's message for types 6 and 7.
	originalID string
	// replyReady is set once the reply is final: at once for 4 and 7,
	// after the first edit of @original (or first followup) for 5 and 6.
	replyReady      bool
	originalDeleted bool
	followups       []string
}

// Interaction is a test's handle on an interaction it started. Its methods
// report what the bot answered; the Wait methods block (without polling)
// until the answer exists or ctx ends.
type Interaction struct {
	s     *Server
	ID    string
	Token string
	Type  discordgo.InteractionType
	// GuildID, ChannelID and UserID say where and by whom it was started.
	GuildID   string
	ChannelID string
	UserID    string
	payload   []byte
}

// ErrNoReply is returned when waiting for a message reply to an interaction
// that was answered with something else (autocomplete choices, a modal) or
// whose reply was deleted.
var ErrNoReply = errors.New("fakediscord: the interaction has no message reply")

// Payload is the INTERACTION_CREATE data the bot received, decoded by
// discordgo.
func (i *Interaction) Payload() *discordgo.Interaction {
	var out discordgo.Interaction
	if err := json.Unmarshal(i.payload, &out); err != nil {
		panic("fakediscord: decode own interaction: " + err.Error())
	}
	return &out
}

func (i *Interaction) state() *interactionState { return i.s.interactions[i.ID] }

// Response returns the bot's callback, if it has answered.
func (i *Interaction) Response() (*discordgo.InteractionResponse, bool) {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	it := i.state()
	if !it.responded {
		return nil, false
	}
	return decodeResponse(it.responseRaw), true
}

// Late reports whether Discord's 3-second window has passed without a
// callback, by the emulator's clock (Options.Now): from then on Discord
// refuses one, and the client says the application did not respond. On a
// test's clock that stands still it never passes.
func (i *Interaction) Late() bool {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	it := i.state()
	return !it.responded && i.s.now().Sub(it.created) > interactionWindow
}

// WaitResponse waits for the bot's callback.
func (i *Interaction) WaitResponse(ctx context.Context) (*discordgo.InteractionResponse, error) {
	var raw []byte
	err := i.s.waitLocked(ctx, func() bool {
		it := i.state()
		raw = it.responseRaw
		return it.responded
	})
	if err != nil {
		return nil, err
	}
	return decodeResponse(raw), nil
}

// Reply returns the final message reply, if there is one yet: the message
// created by a type 4 callback, the deferred reply once edited, or the
// component's message after a type 7 update (or a type 6 and an edit).
func (i *Interaction) Reply() (*discordgo.Message, bool) {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	it := i.state()
	if !it.replyReady || it.originalDeleted {
		return nil, false
	}
	m := i.s.msgIndex[it.originalID]
	if m == nil {
		return nil, false
	}
	return cloneMessage(m), true
}

// WaitReply waits for the final message reply (see Reply). It returns
// ErrNoReply if the bot answered with autocomplete choices or a modal, or
// deleted the reply.
func (i *Interaction) WaitReply(ctx context.Context) (*discordgo.Message, error) {
	var out *discordgo.Message
	var noReply bool
	err := i.s.waitLocked(ctx, func() bool {
		it := i.state()
		switch {
		case it.responded && (it.responseType == discordgo.InteractionApplicationCommandAutocompleteResult ||
			it.responseType == discordgo.InteractionResponseModal || it.responseType == discordgo.InteractionResponsePong):
			noReply = true
			return true
		case it.originalDeleted:
			noReply = true
			return true
		case it.replyReady:
			if m := i.s.msgIndex[it.originalID]; m != nil {
				out = cloneMessage(m)
				return true
			}
			noReply = true
			return true
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	if noReply {
		return nil, ErrNoReply
	}
	return out, nil
}

// Followups returns the followup messages sent so far (a followup that
// replaced a deferred reply counts as the reply, not as a followup).
func (i *Interaction) Followups() []*discordgo.Message {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	return i.followupsLocked()
}

func (i *Interaction) followupsLocked() []*discordgo.Message {
	var out []*discordgo.Message
	for _, id := range i.state().followups {
		if m := i.s.msgIndex[id]; m != nil {
			out = append(out, cloneMessage(m))
		}
	}
	return out
}

// WaitFollowups waits until at least n followups exist and returns them all.
func (i *Interaction) WaitFollowups(ctx context.Context, n int) ([]*discordgo.Message, error) {
	var out []*discordgo.Message
	err := i.s.waitLocked(ctx, func() bool {
		if len(i.state().followups) < n {
			return false
		}
		out = i.followupsLocked()
		return len(out) >= n
	})
	return out, err
}

// WaitChoices waits for the answer to an autocomplete interaction.
func (i *Interaction) WaitChoices(ctx context.Context) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	resp, err := i.WaitResponse(ctx)
	if err != nil {
		return nil, err
	}
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		return nil, fmt.Errorf("fakediscord: answered with type %d, not autocomplete choices", resp.Type)
	}
	if resp.Data == nil {
		return nil, nil
	}
	return resp.Data.Choices, nil
}

// WaitModal waits for a modal (callback type 9) and returns it.
func (i *Interaction) WaitModal(ctx context.Context) (*discordgo.InteractionResponseData, error) {
	resp, err := i.WaitResponse(ctx)
	if err != nil {
		return nil, err
	}
	if resp.Type != discordgo.InteractionResponseModal || resp.Data == nil {
		return nil, fmt.Errorf("fakediscord: answered with type %d, not a modal", resp.Type)
	}
	return resp.Data, nil
}

// decodeResponse rebuilds a callback body as a discordgo struct. discordgo
// cannot unmarshal InteractionResponseData (its components are an
// interface), so the components are decoded one by one.
func decodeResponse(raw []byte) *discordgo.InteractionResponse {
	var top struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data map[string]json.RawMessage        `json:"data"`
	}
	_ = json.Unmarshal(raw, &top)
	out := &discordgo.InteractionResponse{Type: top.Type}
	if top.Data == nil {
		return out
	}
	d := &discordgo.InteractionResponseData{}
	decodeOptional(top.Data, "tts", &d.TTS)
	decodeOptional(top.Data, "content", &d.Content)
	decodeOptional(top.Data, "embeds", &d.Embeds)
	decodeOptional(top.Data, "allowed_mentions", &d.AllowedMentions)
	decodeOptional(top.Data, "flags", &d.Flags)
	decodeOptional(top.Data, "choices", &d.Choices)
	decodeOptional(top.Data, "custom_id", &d.CustomID)
	decodeOptional(top.Data, "title", &d.Title)
	var atts []*discordgo.MessageAttachment
	if decodeOptional(top.Data, "attachments", &atts) {
		d.Attachments = &atts
	}
	var parts []json.RawMessage
	if decodeOptional(top.Data, "components", &parts) {
		for _, p := range parts {
			if c, err := discordgo.MessageComponentFromJSON(p); err == nil {
				d.Components = append(d.Components, c)
			}
		}
	}
	out.Data = d
	return out
}
