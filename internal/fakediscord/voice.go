package fakediscord

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// Voice: who sits in which voice channel. It matters to a bot even without
// audio, because it decides who is in GUILD_CREATE: without the Guild
// Presences intent (or in a large server) Discord lists there only the bot
// itself and the members in voice channels.

// SetVoiceChannel puts a member in a voice or stage channel of the server,
// or takes them out with channelID "", and sends VOICE_STATE_UPDATE (to
// sessions with the Guild Voice States intent).
func (s *Server) SetVoiceChannel(guildID, userID, channelID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return errUnknownGuild()
	}
	m := g.members[userID]
	if m == nil {
		return errUnknownMember()
	}
	if channelID != "" {
		cs := s.channelOf(channelID)
		if cs == nil || cs.ch.GuildID != guildID ||
			(cs.ch.Type != discordgo.ChannelTypeGuildVoice && cs.ch.Type != discordgo.ChannelTypeGuildStageVoice) {
			return errUnknownChannel()
		}
	}
	if g.voice == nil {
		g.voice = map[string]string{}
	}
	if g.voice[userID] == channelID {
		return nil
	}
	if channelID == "" {
		delete(g.voice, userID)
	} else {
		g.voice[userID] = channelID
	}
	s.dispatch(event{name: "VOICE_STATE_UPDATE", guildID: guildID, intent: discordgo.IntentGuildVoiceStates,
		data: s.voiceState(g, userID, channelID)})
	s.notify()
	return nil
}

// voiceState is Discord's voice state object; channel_id is null for a
// member who left voice.
func (s *Server) voiceState(g *guildState, userID, channelID string) map[string]any {
	var ch any
	if channelID != "" {
		ch = channelID
	}
	vs := map[string]any{
		"guild_id": g.guild.ID, "channel_id": ch, "user_id": userID, "session_id": "voice-" + userID,
		"deaf": false, "mute": false, "self_deaf": false, "self_mute": false, "self_video": false,
		"suppress": false, "request_to_speak_timestamp": nil,
	}
	if m := g.members[userID]; m != nil {
		vs["member"] = withGuild(m, g.guild.ID)
	}
	return vs
}

// voiceStates lists the server's voice states, by user ID.
func (s *Server) voiceStates(g *guildState) []*discordgo.VoiceState {
	out := []*discordgo.VoiceState{}
	for uid, ch := range g.voice {
		if g.members[uid] == nil {
			continue
		}
		out = append(out, &discordgo.VoiceState{GuildID: g.guild.ID, ChannelID: ch, UserID: uid, SessionID: "voice-" + uid})
	}
	slices.SortFunc(out, func(a, b *discordgo.VoiceState) int {
		if snowflakeLess(a.UserID, b.UserID) {
			return -1
		}
		return 1
	})
	return out
}

// gatewayMembers are the members GUILD_CREATE lists for a session: every
// member only with the Guild Presences intent in a server of at most
// largeThreshold members; otherwise the bot and whoever is in a voice
// channel, as Discord does.
func (s *Server) gatewayMembers(g *guildState, intents discordgo.Intent, largeThreshold int) []*discordgo.Member {
	if intents&discordgo.IntentGuildPresences != 0 && len(g.members) <= largeThreshold {
		return g.sortedMembers()
	}
	out := []*discordgo.Member{}
	for _, m := range g.sortedMembers() {
		if _, inVoice := g.voice[m.User.ID]; inVoice || m.User.ID == s.opts.BotUserID {
			out = append(out, m)
		}
	}
	return out
}
