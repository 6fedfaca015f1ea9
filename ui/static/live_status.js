// The live status of a session: one element, one `view` (a JSON string, parsed here: the prop when the page is
// built, then pushed by `show()` on each change), a countdown that ticks in the browser.
// The server pushes only changes; `server_time_ms` corrects this device's clock offset.
// Each change arrives through the page's LiveView carrier (live_view.js), which calls `show()` on every live element
// of the page. The latest is kept for an element mounted later (a tab shown again), whose prop is the view it was
// built with.
window.facilitatorLive ??= new Set();
window.facilitatorShowView ??= (view) => {
  window.facilitatorViewJson = view;
  window.facilitatorLive.forEach((element) => element.show(view));
};
export default {
  template: `
  <div :class="['live-status', 'mode-' + mode, 'part-' + (part || 'all'), 'tone-' + tone, {'has-speaker': !!speaker, 'has-report': !!(v.report_back || v.spotlight)}]" :dir="dir || null">
   <template v-if="part !== 'agenda'">
    <div v-if="v.broadcast && mode !== 'participant'" class="ls-broadcast" role="status" :title="v.broadcast.message">
      <span class="ls-broadcast-label">{{ labels.broadcast }}</span> <span data-user>{{ v.broadcast.message }}</span>
    </div>
    <div v-if="mode === 'moderator' && v.flash" class="ls-flash-note" role="status" data-testid="flash-note">
      <q-icon name="fullscreen" aria-hidden="true" /> <strong>{{ labels.flash_on_stage }}</strong> {{ v.flash }}</div>
    <template v-if="mode === 'participant' && v.broadcast && dismissed !== v.broadcast.at_ms">
      <div class="ls-broadcast ls-sticky" role="status" aria-live="polite" data-testid="broadcast-banner">
        <q-icon name="campaign" aria-hidden="true" /> <span class="ls-sticky-text"><span class="ls-broadcast-label">{{ labels.broadcast }}</span> <span data-user>{{ v.broadcast.message }}</span></span>
        <button type="button" class="ls-sticky-close" :aria-label="labels.hide_message" @click="dismissed = v.broadcast.at_ms"><q-icon name="close" aria-hidden="true" /></button>
      </div>
      <div class="ls-broadcast ls-sticky-spacer" aria-hidden="true"><span class="ls-broadcast-label">{{ labels.broadcast }}</span> <span data-user>{{ v.broadcast.message }}</span></div>
    </template>
    <div v-if="mode === 'participant' && me && v.status !== 'ended' && (isMeSpeaking || v.rooms_open)" class="ls-now-card" data-testid="now-card">
      <div v-if="isMeSpeaking" class="ls-youre-up" data-testid="youre-up"><q-icon name="record_voice_over" aria-hidden="true" /> {{ labels.youre_up }}</div>
      <template v-else-if="myRoom">
        <div class="ls-now-card-title"><q-icon name="meeting_room" aria-hidden="true" /> {{ labels.in_room }}</div>
        <div class="ls-now-card-topic" :title="myRoom.topic" data-user>{{ myRoom.topic }}</div>
      </template>
      <template v-else>
        <div class="ls-now-card-title"><q-icon name="groups" aria-hidden="true" /> {{ labels.rooms_join }}</div>
        <button v-for="room in v.rooms" :key="room.id" type="button" class="ls-btn ls-join-room" :title="room.topic"
                data-testid="now-join-room" @click="$emit('join', {room_id: room.id})">
          <q-icon name="login" aria-hidden="true" /> <span class="ls-join-room-text">{{ labels.join_topic.replace('{topic}', room.topic) }}</span></button>
      </template>
      <div v-if="v.rooms_open && roomsLeft !== null" :class="['ls-rooms', 'rooms-' + roomsPhase]">
        <span role="timer" :aria-label="labels.rooms_time_left + ' ' + roomsClock">{{ labels.rooms_time_left }} <strong class="ls-rooms-clock" data-user dir="ltr">{{ roomsClock }}</strong></span>
      </div>
    </div>

    <div v-if="mode === 'participant' && me && v.status !== 'ended' && myPoll" class="ls-now-card ls-poll-card" data-testid="now-poll">
      <div class="ls-now-card-title"><q-icon name="poll" aria-hidden="true" /> <span data-user>{{ myPoll.question }}</span></div>
      <template v-if="myPoll.state === 'open'">
        <div v-if="myPoll.kind === 'choice'" class="ls-poll-options" role="group" :aria-label="myPoll.question">
          <div v-if="myPoll.multiple" class="ls-poll-hint">{{ labels.poll_choose_many }}</div>
          <button v-for="(option, i) in myPoll.options" :key="i" type="button" :aria-pressed="picked.includes(i) ? 'true' : 'false'"
                  :class="['ls-btn', 'ls-poll-option', picked.includes(i) ? '' : 'ls-btn-outline']" data-testid="poll-option"
                  @click="pick(i)"><span data-user>{{ option }}</span></button>
          <button v-if="myPoll.multiple" type="button" class="ls-btn" :disabled="!picked.length" data-testid="poll-send"
                  @click="answer({choices: picked.slice()})">{{ labels.poll_send }}</button>
        </div>
        <div v-else-if="myPoll.kind === 'scale'" class="ls-poll-scale" role="group" :aria-label="labels.poll_scale_hint">
          <div class="ls-poll-hint">{{ labels.poll_scale_hint }}</div>
          <button v-for="n in 5" :key="n" type="button" :aria-pressed="picked.includes(n) ? 'true' : 'false'"
                  :class="['ls-btn', picked.includes(n) ? '' : 'ls-btn-outline']" data-testid="poll-value"
                  @click="picked = [n]; answer({value: n})">{{ n }}</button>
        </div>
        <form v-else class="ls-poll-words" @submit.prevent="answer({words: phrases.filter((w) => w.trim())})">
          <div class="ls-poll-hint">{{ labels.poll_words_hint }}</div>
          <input v-for="i in 3" :key="i" v-model="phrases[i - 1]" maxlength="30" class="ls-poll-input"
                 :placeholder="labels.poll_word_placeholder" :aria-label="labels.poll_word_placeholder + ' ' + i" data-testid="poll-word" />
          <button type="submit" class="ls-btn" :disabled="!phrases.some((w) => w.trim())" data-testid="poll-send">{{ labels.poll_send }}</button>
        </form>
        <div v-if="sent[myPoll.id]" class="ls-poll-sent" role="status" data-testid="poll-sent"><q-icon name="check_circle" aria-hidden="true" /> {{ labels.poll_sent }}</div>
      </template>
      <ol v-if="myPoll.results" class="ls-poll-results" data-testid="poll-results">
        <li v-for="(c, i) in myPoll.results.counts.slice(0, 12)" :key="i"><span class="ls-poll-label" data-user>{{ c.label }}</span>
          <span class="ls-poll-track"><span class="ls-poll-fill" :style="{ width: barWidth(c.count) + '%' }"></span></span>
          <span class="ls-poll-count">{{ c.count }}</span></li>
      </ol>
      <div v-else-if="sent[myPoll.id]" class="ls-poll-hint">{{ labels.poll_results_hidden }}</div>
    </div>

    <div v-if="v.report_back && !showJoinSlide" class="ls-report" data-testid="report-back">
      <div class="ls-report-label">{{ labels.report_back.replace('{n}', v.report_back.index + 1).replace('{total}', v.report_back.count) }}</div>
      <div class="ls-report-topic" data-user>{{ v.report_back.topic }}</div>
      <div v-if="v.report_back.summary" class="ls-report-summary" data-testid="report-summary">
        <div class="ls-report-label">{{ labels.summary }}</div>
        <p data-user>{{ v.report_back.summary }}</p>
      </div>
      <ol class="ls-report-top">
        <li v-for="(p, i) in v.report_back.top" :key="'t' + i"><span data-user>{{ p.text }}</span> <span class="ls-report-votes"><q-icon name="thumb_up" aria-hidden="true" /> <span data-user>{{ p.votes }}</span></span></li>
      </ol>
      <div v-if="v.report_back.tagged.length" class="ls-report-tagged">
        <div class="ls-report-label">{{ labels.tagged }}</div>
        <ul><li v-for="(p, i) in v.report_back.tagged" :key="'g' + i"><q-icon name="star" aria-hidden="true" /> <span data-user>{{ p.text }}</span></li></ul>
      </div>
      <div v-if="!v.report_back.top.length" class="ls-report-empty">{{ labels.no_posts }}</div>
    </div>
    <div v-if="v.spotlight && !showJoinSlide" class="ls-spotlight" data-testid="spotlight">
      <div class="ls-report-label">{{ labels.spotlight }}</div>
      <div class="ls-spotlight-text" data-user>“{{ v.spotlight.text }}”</div>
      <div class="ls-spotlight-by"><span v-if="v.spotlight.anonymous || !v.spotlight.author">{{ labels.anonymous }}</span><span v-else data-user>{{ v.spotlight.author }}</span> · <q-icon name="thumb_up" aria-hidden="true" /> <span data-user>{{ v.spotlight.votes }}</span></div>
    </div>

    <div v-if="mode === 'participant' && whereWeAre.length && !showJoinSlide" class="ls-where" data-testid="where-we-are">
      <div class="ls-report-label">{{ labels.where_we_are }}</div>
      <ul><li v-for="(s, i) in whereWeAre" :key="'w' + i" :data-status="s.status">
        <span class="ls-where-status">{{ labels.solution_status[s.status] }}</span> <span data-user>{{ s.text }}</span>
        <span v-if="s.owner" class="ls-where-owner">{{ labels.where_owner.replace('{owner}', s.owner) }}</span></li></ul>
    </div>

    <template v-if="showJoinSlide">
      <div class="ls-join">
        <div class="ls-join-title" data-user>{{ v.title }}</div>
        <div class="ls-join-when" data-user>{{ startLabel }}</div>
        <img v-if="qr" :src="qr" class="ls-qr" :alt="labels.qr_alt" />
        <div class="ls-join-text">{{ labels.join_at }}</div>
        <div class="ls-join-url" data-user dir="ltr">{{ v.join_url }}</div>
        <div class="ls-join-code">{{ labels.code }} <strong data-user dir="ltr">{{ v.code }}</strong></div>
      </div>
    </template>

    <template v-else>
      <div class="ls-head">
        <div class="ls-status" :data-status="v.status">{{ statusLabel }}</div>
        <div v-if="mode !== 'stage'" class="ls-title" data-user>{{ v.title }}</div>
      </div>

      <div v-if="current" class="ls-now">
        <div class="ls-segment-label">{{ labels.now }} · {{ position }}</div>
        <div class="ls-segment-title" data-user>{{ current.title }}</div>
        <div class="ls-clock" role="timer" :aria-label="clockAria">
          <span class="ls-clock-digits" data-user dir="ltr">{{ clockText }}</span>
        </div>
        <div class="ls-tone-label" v-if="toneLabel">
          <q-icon :name="toneIcon" aria-hidden="true" /> {{ toneLabel }}
        </div>
        <div v-if="next" class="ls-next"><span>{{ labels.next }}</span> <span data-user>{{ next.title }}</span> · {{ minutes(next.planned_seconds) }}</div>
        <div v-else-if="v.status !== 'ended'" class="ls-next">{{ labels.last_segment }}</div>
      </div>

      <div v-if="speaker" :class="['ls-speaker', 'sp-' + speakerTone]" data-testid="now-speaking">
        <div class="ls-speaker-label">{{ labels.now_speaking }}</div>
        <div class="ls-speaker-name" :data-user="speaker.name ? '' : null">{{ speakerName(speaker) }}<span v-if="speaker.organization" data-user>, {{ speaker.organization }}</span></div>
        <div v-if="speaker.title" class="ls-speaker-title" data-user>{{ speaker.title }}</div>
        <div class="ls-speaker-clock" role="timer" :aria-label="speakerToneLabel + ': ' + speakerClock">
          <span class="ls-speaker-digits" data-user dir="ltr">{{ speakerClock }}</span>
          <span class="ls-speaker-tone">{{ speakerToneLabel }}</span>
        </div>
      </div>
      <div v-if="v.rooms_open && part === 'now'" :class="['ls-rooms', 'rooms-' + roomsPhase]" data-testid="rooms-countdown">
        <q-icon name="groups" aria-hidden="true" /> {{ labels.rooms_open_stage }}<template v-if="roomsLeft !== null"> ·
          <span role="timer" :aria-label="labels.rooms_time_left + ' ' + roomsClock">{{ labels.rooms_time_left }} <strong class="ls-rooms-clock" data-user dir="ltr">{{ roomsClock }}</strong></span></template>
      </div>
      <div v-if="nextSpeaker" class="ls-next ls-next-speaker"><span>{{ labels.next_speaker }}</span> <span :data-user="nextSpeaker.name ? '' : null">{{ speakerName(nextSpeaker) }}</span><template v-if="nextSpeaker.title"> · <span data-user>{{ nextSpeaker.title }}</span></template></div>

      <div v-if="mode === 'participant' && me && v.status !== 'ended'" class="ls-hand">
        <template v-if="myHand">
          <div class="ls-hand-place" role="status"><q-icon name="front_hand" aria-hidden="true" /> {{ handPlaceText }}</div>
          <button type="button" class="ls-btn ls-btn-outline" @click="$emit('hand', {action: 'lower'})">{{ labels.lower_hand }}</button>
        </template>
        <template v-else-if="v.hands_open">
          <label class="ls-hand-type">{{ labels.hand_type }}
            <select v-model="handType">
              <option value="question">{{ labels.hand_question }}</option>
              <option value="comment">{{ labels.hand_comment }}</option>
              <option value="reply">{{ labels.hand_reply }}</option>
              <option value="point_of_order">{{ labels.hand_point_of_order }}</option>
            </select>
          </label>
          <button type="button" class="ls-btn" @click="$emit('hand', {action: 'raise', type: handType})"><q-icon name="front_hand" aria-hidden="true" /> {{ labels.raise_hand }}</button>
        </template>
        <div v-else class="ls-hand-closed">{{ labels.hands_closed }}</div>
        <label class="ls-mute"><input type="checkbox" v-model="sound" @change="saveSound" /> {{ labels.sound }}</label>
      </div>

      <div v-if="mode === 'moderator'" class="ls-figures">
        <div class="ls-figure"><span class="ls-figure-label">{{ labels.schedule }}</span>
          <strong :class="'drift-' + driftKind">{{ driftText }}</strong></div>
        <div class="ls-figure" v-if="projection !== null"><span class="ls-figure-label">{{ labels.queue_fit }}</span>
          <strong :class="projection > 0 ? 'drift-late' : 'drift-ontime'" data-testid="projection">{{ projectionText }}</strong></div>
        <div class="ls-figure"><span class="ls-figure-label">{{ labels.participants }}</span>
          <strong data-user>{{ v.participant_count }}</strong> · {{ labels.online }} <strong data-user>{{ v.online_count }}</strong></div>
      </div>

    </template>
   </template>
      <div v-if="mode !== 'stage' && part !== 'now' && !showJoinSlide" class="ls-agenda">
        <table>
          <caption>{{ labels.agenda }}</caption>
          <thead><tr>
            <th scope="col">{{ labels.segment }}</th>
            <th scope="col">{{ labels.planned }} (<span data-user>{{ shortZone(v.timezone) }}</span>)</th>
            <th scope="col" v-if="showLocal">{{ labels.your_time }} (<span data-user>{{ shortZone(localZone) }}</span>)</th>
            <th scope="col" v-if="mode === 'moderator'">{{ labels.actual }}</th>
            <th scope="col">{{ labels.state }}</th>
          </tr></thead>
          <tbody>
            <tr v-for="seg in v.segments" :key="seg.id" :class="{'is-current': seg.index === v.current_segment}"
                :aria-current="seg.index === v.current_segment ? 'step' : null">
              <th scope="row"><span data-user>{{ seg.title }}</span><span class="ls-dur"> · {{ minutes(seg.planned_seconds) }}</span></th>
              <td data-user><bdi>{{ clockAt(seg.scheduled_start_ms, v.timezone) }}–{{ clockAt(seg.scheduled_start_ms + seg.planned_seconds * 1000, v.timezone) }}</bdi></td>
              <td v-if="showLocal" data-user>{{ clockAt(seg.scheduled_start_ms, localZone) }}</td>
              <td v-if="mode === 'moderator'" data-user>{{ actual(seg) }}</td>
              <td>{{ stateLabel(seg) }}</td>
            </tr>
          </tbody>
        </table>
      </div>
    <div v-if="part !== 'agenda'" class="sr-only" aria-live="assertive" data-testid="announcement">{{ announcement }}</div>
  </div>`,
  props: {
    view: String,
    mode: { type: String, default: "participant" },
    qr: { type: String, default: "" },
    dir: { type: String, default: "" },  // empty: the page's own direction (<html dir>)
    me: { type: String, default: "" },
    room: { type: String, default: "" },
    part: { type: String, default: "" },
    answers: { type: String, default: "{}" },  // this participant's poll answers, by poll id, at page load
  },
  data() {
    return {
      now: Date.now(), offset: 0, announcement: "", localZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      handType: "question", dismissed: null, picked: [], phrases: ["", "", ""], sent: {}, pickedFor: null, sound: localStorage.getItem("facilitator.sound") !== "off", baseTitle: document.title,
      live: window.facilitatorViewJson ?? null,  // the view pushed by show(), newer than the prop until the element is sent again
    };
  },
  computed: {
    v() {
      return JSON.parse(this.live ?? this.view);
    },
    labels() {
      return window.FACILITATOR_LIVE_LABELS || {};
    },
    speakers() {
      return this.v.speakers || [];
    },
    speaker() {
      return this.v.current_speaker || null;
    },
    waitingSpeakers() {
      return this.speakers.filter((s) => s.state === "waiting");
    },
    nextSpeaker() {
      return this.waitingSpeakers[0] || null;
    },
    isMeSpeaking() {
      return !!(this.speaker && this.me && this.speaker.participant_id === this.me);
    },
    myHand() {
      return this.waitingSpeakers.find((s) => s.kind === "hand" && s.participant_id === this.me) || null;
    },
    handPlaceText() {
      const place = this.waitingSpeakers.indexOf(this.myHand) + 1;
      return this.labels.hand_place.replace("{n}", place).replace("{total}", this.waitingSpeakers.length);
    },
    speakerRemaining() {
      const sp = this.speaker;
      if (!sp) return 0;
      if (sp.ends_at_ms !== null) return (sp.ends_at_ms - this.serverNow) / 1000;
      return sp.remaining_seconds;
    },
    speakerTone() {
      if (this.speakerRemaining < 0) return "over";
      if (this.speakerRemaining <= 60) return "warn";
      return "ok";
    },
    speakerClock() {
      const r = this.speakerRemaining;
      return (r < 0 ? "+" : "") + this.format(Math.abs(r));
    },
    speakerToneLabel() {
      if (this.speaker && this.speaker.ends_at_ms === null) return this.labels.paused;
      return { over: this.labels.over_time, warn: this.labels.one_minute, ok: this.labels.time_left }[this.speakerTone];
    },
    projection() {
      if (this.mode !== "moderator" || !this.current || this.v.status === "ended") return null;
      const queued = this.waitingSpeakers.reduce((sum, s) => sum + s.planned_seconds, 0);
      if (!this.speaker && queued === 0) return null;
      const needed = Math.max(0, this.speaker ? this.speakerRemaining : 0) + queued;
      return needed - this.remaining;
    },
    projectionText() {
      const p = this.projection;
      return p > 0 ? this.labels.queue_over.replace("{t}", this.format(p)) : this.labels.queue_spare.replace("{t}", this.format(-p));
    },
    current() {
      return this.v.segments[this.v.current_segment] || null;
    },
    whereWeAre() {  // the series' open solutions, during the scene-setting (not after the end)
      const c = this.current;
      return c && c.kind === "scene_setting" && this.v.status !== "ended" ? this.v.where_we_are || [] : [];
    },
    next() {
      return this.v.segments[this.v.current_segment + 1] || null;
    },
    position() {
      return this.labels.segment_of.replace("{n}", this.v.current_segment + 1).replace("{total}", this.v.segments.length);
    },
    serverNow() {
      return this.now + this.offset;
    },
    remaining() {
      const seg = this.current;
      if (!seg) return 0;
      if (seg.state === "running" && seg.ends_at_ms !== null) return (seg.ends_at_ms - this.serverNow) / 1000;
      return seg.remaining_seconds;
    },
    tone() {
      const seg = this.current;
      if (!seg || this.v.status === "ended" || seg.state === "pending" || seg.state === "done") return "idle";
      if (this.remaining < 0) return "over";
      if (this.remaining <= 120) return "warn";
      return seg.state === "paused" ? "paused" : "ok";
    },
    toneLabel() {
      if (this.v.status === "ended") return this.labels.ended;
      const seg = this.current;
      if (!seg) return "";
      if (seg.state === "paused") return this.remaining < 0 ? this.labels.paused_over : this.labels.paused;
      if (seg.state === "pending") return this.labels.not_started;
      if (this.tone === "over") return this.labels.over_time;
      if (this.tone === "warn") return this.labels.two_minutes;
      return this.labels.running;
    },
    toneIcon() {
      return { over: "warning", warn: "hourglass_bottom", paused: "pause", ok: "play_arrow" }[this.tone] || "schedule";
    },
    myRoom() {
      return (this.v.rooms || []).find((r) => r.id === this.room) || null;
    },
    myPollId() {
      return this.myPoll ? this.myPoll.id : null;
    },
    myPoll() {  // an open poll for my room, else the open plenary one, else the latest with results shown
      const mine = (this.v.polls || []).filter((p) => !p.room_id || p.room_id === this.room);
      return mine.find((p) => p.state === "open" && p.room_id) || mine.find((p) => p.state === "open")
        || mine[mine.length - 1] || null;
    },
    roomsLeft() {
      return this.v.rooms_ends_at_ms ? (this.v.rooms_ends_at_ms - this.serverNow) / 1000 : null;
    },
    roomsPhase() {
      if (this.roomsLeft === null) return "open";
      if (this.roomsLeft <= 0) return "timesup";
      return this.roomsLeft <= 120 ? "warning" : "running";
    },
    roomsClock() {
      return this.format(Math.max(0, this.roomsLeft || 0));
    },
    clockText() {
      const r = this.remaining;
      const text = this.format(Math.abs(r));
      return r < 0 ? "+" + text : text;
    },
    clockAria() {
      return this.toneLabel + ": " + this.clockText;
    },
    statusLabel() {
      return this.labels["status_" + this.v.status] || this.v.status;
    },
    showJoinSlide() {
      return this.mode === "stage" && (this.v.join_slide || this.v.status === "scheduled");
    },
    showLocal() {
      return this.localZone && this.localZone !== this.v.timezone;
    },
    startLabel() {
      return this.dateAt(this.v.starts_at_ms, this.v.timezone) + " · " + this.clockAt(this.v.starts_at_ms, this.v.timezone) + " " + this.shortZone(this.v.timezone);
    },
    drift() {
      const seg = this.current;
      if (!seg || this.v.status === "ended") return null;
      const scheduledEnd = seg.scheduled_start_ms + seg.planned_seconds * 1000;
      let projectedEnd;
      if (seg.state === "running" && seg.ends_at_ms !== null) projectedEnd = seg.ends_at_ms;
      else if (seg.state === "pending") projectedEnd = Math.max(this.serverNow, seg.scheduled_start_ms) + seg.remaining_seconds * 1000;
      else projectedEnd = this.serverNow + seg.remaining_seconds * 1000;
      return (projectedEnd - scheduledEnd) / 1000;
    },
    driftKind() {
      const d = this.drift;
      if (d === null || Math.abs(d) > 12 * 3600) return "none";
      if (d > 60) return "late";
      if (d < -60) return "ahead";
      return "ontime";
    },
    driftText() {
      const d = this.drift;
      if (this.driftKind === "none") return this.labels.schedule_far;
      const text = this.format(Math.abs(d));
      if (this.driftKind === "late") return this.labels.late.replace("{t}", text);
      if (this.driftKind === "ahead") return this.labels.ahead.replace("{t}", text);
      return this.labels.on_time;
    },
  },
  watch: {
    view(value) {
      this.live = null;  // the element was sent again: its prop is the server's latest view
      window.facilitatorViewJson = value;
    },
    myPollId: {
      handler(id) {  // a new poll on the card: start from my earlier answer to it, if any
        const before = id ? JSON.parse(this.answers || "{}")[id] : null;
        const words = this.myPoll && this.myPoll.kind === "words";
        this.picked = before && !words ? before.slice() : [];
        this.phrases = (words && before ? [...before, "", "", ""] : ["", "", ""]).slice(0, 3);
        if (before && !(id in this.sent)) this.sent = { ...this.sent, [id]: true };
      },
      immediate: true,
    },
    v: {
      handler(value, old) {
        if (this.mode === "moderator") window.FACILITATOR_AGENDA_VERSION = value.agenda_version;
        this.offset = value.server_time_ms - Date.now();
        this.now = Date.now();
        if (old && (old.current_segment !== value.current_segment || old.status !== value.status)) {
          this.announcement = this.current ? this.labels.now + ": " + this.current.title : this.statusLabel;
        }
        const sp = value.current_speaker;
        const oldSp = old ? old.current_speaker : null;
        if (old && sp && (!oldSp || oldSp.id !== sp.id)) {
          if (this.me && sp.participant_id === this.me) this.youreUp();
          else this.announcement = this.labels.now_speaking + " " + this.speakerName(sp);
        }
      },
      immediate: true,
    },
  },
  mounted() {
    window.facilitatorLive.add(this);
    this.interval = setInterval(() => (this.now = Date.now()), 250);
  },
  unmounted() {
    window.facilitatorLive.delete(this);
    clearInterval(this.interval);
    this.stopFlash();
  },
  methods: {
    show(view) {  // each change: the view's JSON, pushed without resending the element
      this.live = view;
    },
    pick(i) {
      if (!this.myPoll.multiple) {
        this.picked = [i];
        this.answer({ choices: [i] });
      } else this.picked = this.picked.includes(i) ? this.picked.filter((n) => n !== i) : [...this.picked, i];
    },
    answer(body) {
      this.$emit("poll_answer", { poll_id: this.myPoll.id, ...body });
      this.sent = { ...this.sent, [this.myPoll.id]: true };
    },
    barWidth(count) {
      const top = Math.max(1, ...this.myPoll.results.counts.map((c) => c.count));
      return Math.round((100 * count) / top);
    },
    speakerName(sp) {
      if (sp.name) return sp.name;
      const group = (this.labels.groups || {})[sp.group] || sp.group || "";
      return this.labels.participant_from.replace("{group}", group);
    },
    saveSound() {
      localStorage.setItem("facilitator.sound", this.sound ? "on" : "off");
    },
    youreUp() {
      this.announcement = this.labels.youre_up;
      this.$emit("youre_up");
      this.stopFlash();
      let on = false;
      this.flash = setInterval(() => {
        on = !on;
        document.title = on ? "▶ " + this.labels.youre_up : this.baseTitle;
      }, 900);
      const stop = () => { if (!document.hidden) this.stopFlash(); };
      document.addEventListener("visibilitychange", stop, { once: false });
      this.flashStop = stop;
      setTimeout(() => { if (!document.hidden) this.stopFlash(); }, 8000);
      if (this.sound) this.beep();
    },
    stopFlash() {
      if (this.flash) clearInterval(this.flash);
      this.flash = null;
      if (this.flashStop) document.removeEventListener("visibilitychange", this.flashStop);
      this.flashStop = null;
      if (this.baseTitle) document.title = this.baseTitle;
    },
    beep() {
      try {
        const ctx = new (window.AudioContext || window.webkitAudioContext)();
        [0, 0.25].forEach((at) => {
          const osc = ctx.createOscillator();
          const gain = ctx.createGain();
          osc.frequency.value = 880;
          gain.gain.setValueAtTime(0.15, ctx.currentTime + at);
          gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.2);
          osc.connect(gain).connect(ctx.destination);
          osc.start(ctx.currentTime + at);
          osc.stop(ctx.currentTime + at + 0.2);
        });
      } catch (e) { /* no audio device: the title flash and the announcement remain */ }
    },
    format(seconds) {
      const s = Math.floor(seconds);
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const sec = s % 60;
      const pad = (n) => String(n).padStart(2, "0");
      return h > 0 ? h + ":" + pad(m) + ":" + pad(sec) : pad(m) + ":" + pad(sec);
    },
    minutes(seconds) {
      return this.labels.minutes.replace("{n}", Math.round(seconds / 60));
    },
    clockAt(ms, zone) {
      try {
        return new Intl.DateTimeFormat(this.labels.locale, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone }).format(new Date(ms));
      } catch (e) {
        return new Date(ms).toISOString().slice(11, 16);
      }
    },
    dateAt(ms, zone) {
      try {
        return new Intl.DateTimeFormat(this.labels.locale, { day: "numeric", month: "long", year: "numeric", timeZone: zone }).format(new Date(ms));
      } catch (e) {
        return new Date(ms).toISOString().slice(0, 10);
      }
    },
    shortZone(zone) {
      try {
        const parts = new Intl.DateTimeFormat(this.labels.locale, { timeZoneName: "short", timeZone: zone }).formatToParts(new Date(this.v.starts_at_ms));
        const name = parts.find((p) => p.type === "timeZoneName");
        return name ? name.value : zone;
      } catch (e) {
        return zone;
      }
    },
    actual(seg) {
      if (!seg.started_at_ms) return "—";
      const start = this.clockAt(seg.started_at_ms, this.v.timezone);
      const end = seg.ended_at_ms ? this.clockAt(seg.ended_at_ms, this.v.timezone) : "…";
      return start + "–" + end;
    },
    stateLabel(seg) {
      if (seg.state === "done") return this.labels.seg_done;
      if (seg.state === "running") return this.labels.seg_running;
      if (seg.state === "paused") return this.labels.seg_paused;
      return this.labels.seg_pending;
    },
  },
};
