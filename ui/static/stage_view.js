// The stage screen: one `view` prop (a JSON string), laid out to fit any projector from 1280×720 to 3840×2160.
// Everything is sized in `--u` (1% of the widest 16:9 box that fits the screen) and long text is line-clamped, so a
// state never pushes the countdown off the screen. Countdowns tick in the browser; the server pushes only changes.
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
  <div :class="['stage', 'tone-' + tone, 'layout-' + layout, {compact: ['rooms', 'report', 'spotlight', 'poll', 'where'].includes(layout)}]" :dir="dir || null">
    <div v-if="v.flash" class="st-flash" role="alert" data-testid="stage-flash"><div class="st-flash-text st-fit" data-user>{{ v.flash }}</div></div>
    <template v-else>
      <header class="st-top">
        <span class="st-status" :data-status="v.status">{{ statusLabel }}</span>
        <span class="st-title" data-user>{{ v.title }}</span>
        <span v-if="layout !== 'join'" class="st-join-hint"><span class="st-hint-url" data-user>{{ v.join_url }}</span>
          <span>· {{ labels.code }} <strong data-user>{{ v.code }}</strong></span></span>
        <button type="button" class="st-chime" :aria-pressed="chime ? 'true' : 'false'" @click="toggleChime" data-testid="stage-chime">
          <q-icon :name="chime ? 'notifications_active' : 'notifications_off'" aria-hidden="true" /> {{ chime ? labels.chime_on : labels.chime_off }}
        </button>
      </header>
      <div v-if="v.broadcast" class="st-broadcast st-fit" role="status" data-testid="stage-broadcast">
        <q-icon name="campaign" aria-hidden="true" class="st-icon" />
        <span class="st-clamp-2"><strong>{{ labels.broadcast }}</strong> <span data-user>{{ v.broadcast.message }}</span></span>
      </div>

      <section v-if="layout === 'join'" class="st-join" data-testid="stage-join">
        <figure v-if="qr" class="st-qr-box">
          <img :src="qr" class="st-qr" :alt="checkin ? labels.qr_check_in : labels.qr_alt" data-testid="stage-qr" />
          <figcaption v-if="checkin" class="st-qr-caption" data-testid="stage-check-in">{{ labels.qr_check_in }}</figcaption>
        </figure>
        <div class="st-join-text">
          <div class="st-join-title st-clamp-3" data-user>{{ v.title }}</div>
          <div class="st-join-when" data-user>{{ startLabel }}</div>
          <div class="st-join-at">{{ labels.join_at }}</div>
          <div class="st-join-url" data-user>{{ v.join_url }}</div>
          <div class="st-join-code">{{ labels.code }} <strong data-user>{{ v.code }}</strong></div>
        </div>
      </section>

      <section v-else-if="layout === 'ended'" class="st-ended" data-testid="stage-ended">
        <div class="st-thanks">{{ labels.thank_you }}</div>
        <div class="st-ended-title st-clamp-2" data-user>{{ v.title }}</div>
        <div class="st-ended-note">{{ labels.ended }}</div>
        <div v-if="v.outcome_url" class="st-ended-outcome" data-testid="stage-outcome">
          <img v-if="outcome_qr" :src="outcome_qr" class="st-outcome-qr" :alt="labels.outcome_qr_alt" />
          <span>{{ labels.outcome_at }} <strong data-user dir="ltr">{{ v.outcome_url }}</strong></span></div>
      </section>

      <div v-else class="st-main">
        <section v-if="layout === 'rooms'" class="st-feature st-rooms" data-testid="stage-rooms">
          <div class="st-rooms-head">
            <div class="st-rooms-title"><q-icon name="groups" aria-hidden="true" class="st-icon" /> {{ labels.rooms_open_stage }}
              <div v-if="roomsLeft !== null" class="st-rooms-left">{{ labels.rooms_time_left }}</div></div>
            <span v-if="roomsLeft !== null" :class="['st-rooms-clock', 'rooms-' + roomsPhase]" role="timer"
                  :aria-label="labels.rooms_time_left + ' ' + roomsClock" data-testid="stage-rooms-clock" data-user>{{ roomsClock }}</span>
          </div>
          <div v-if="roomsPhase === 'timesup'" class="st-rooms-note">{{ labels.times_up }}</div>
          <ol :class="['st-topics', {'st-topics-many': v.rooms.length > 3}]">
            <li v-for="room in v.rooms" :key="room.id" class="st-clamp-3" :title="room.topic" data-user>{{ room.topic }}</li>
          </ol>
        </section>

        <section v-else-if="layout === 'report'" class="st-feature st-report" data-testid="report-back">
          <div class="st-feature-label">{{ labels.report_back.replace('{n}', v.report_back.index + 1).replace('{total}', v.report_back.count) }}</div>
          <div class="st-report-topic st-clamp-2" data-user>{{ v.report_back.topic }}</div>
          <div v-if="v.report_back.summary" class="st-report-summary" data-testid="report-summary">
            <div class="st-feature-label">{{ labels.summary }}</div>
            <p class="st-clamp-3" data-user :title="v.report_back.summary">{{ v.report_back.summary }}</p>
          </div>
          <ol class="st-report-top">
            <li v-for="(p, i) in v.report_back.top" :key="'t' + i">
              <span class="st-votes" data-user><q-icon name="thumb_up" aria-hidden="true" /> {{ p.votes }}</span>
              <span class="st-clamp-2" data-user>{{ p.text }}</span></li>
          </ol>
          <div v-if="!v.report_back.top.length" class="st-empty">{{ labels.no_posts }}</div>
          <div v-if="v.report_back.tagged.length" class="st-report-tagged">
            <div class="st-feature-label">{{ labels.tagged }}</div>
            <ul><li v-for="(p, i) in v.report_back.tagged.slice(0, 3)" :key="'g' + i" class="st-clamp-1">
              <q-icon name="star" aria-hidden="true" /> <span data-user>{{ p.text }}</span></li></ul>
          </div>
        </section>

        <section v-else-if="layout === 'poll'" class="st-feature st-poll" data-testid="stage-poll">
          <div class="st-feature-label">{{ poll.state === 'open' ? labels.poll_open : labels.poll_closed }} · {{ labels.poll_answers.replace('{n}', poll.answers) }}</div>
          <div class="st-poll-question st-clamp-2" data-user>{{ poll.question }}</div>
          <div v-if="poll.results && poll.kind === 'words'" class="st-cloud" data-testid="stage-cloud">
            <span v-for="w in cloud" :key="w.label" :class="['st-word', 'st-word-' + w.tone]" :style="{ fontSize: 'calc(var(--u) * ' + w.size + ')' }" data-user>{{ w.label }}</span>
            <div v-if="!cloud.length" class="st-empty">{{ labels.poll_no_answers }}</div>
          </div>
          <ol v-else-if="poll.results" class="st-bars" data-testid="stage-bars">
            <li v-for="(bar, i) in bars" :key="i">
              <span class="st-bar-label st-clamp-1" data-user>{{ bar.label }}</span>
              <span class="st-bar-track"><span class="st-bar-fill" :style="{ width: bar.pct + '%' }"></span></span>
              <span class="st-bar-count" data-user>{{ bar.count }}</span></li>
            <li v-if="poll.results.mean !== null" class="st-bar-mean">{{ labels.poll_mean.replace('{n}', poll.results.mean) }}</li>
          </ol>
          <ol v-else-if="poll.kind === 'choice'" class="st-poll-options">
            <li v-for="(option, i) in poll.options" :key="i" class="st-clamp-1" data-user>{{ option }}</li>
          </ol>
          <div v-else class="st-poll-hint">{{ poll.kind === 'scale' ? labels.poll_scale_hint : labels.poll_words_hint }}</div>
          <div v-if="poll.state === 'open'" class="st-poll-join">{{ labels.poll_answer_at }} <strong data-user>{{ v.join_url }}</strong></div>
        </section>

        <section v-else-if="layout === 'spotlight'" class="st-feature st-spotlight" data-testid="spotlight">
          <div class="st-feature-label">{{ labels.spotlight }}</div>
          <div class="st-spotlight-text st-clamp-4" data-user>“{{ v.spotlight.text }}”</div>
          <div class="st-spotlight-by"><span v-if="v.spotlight.anonymous || !v.spotlight.author">{{ labels.anonymous }}</span><span v-else data-user>{{ v.spotlight.author }}</span>
            · <q-icon name="thumb_up" aria-hidden="true" /> <span data-user>{{ v.spotlight.votes }}</span></div>
        </section>

        <section v-else-if="layout === 'where'" class="st-feature st-where" data-testid="stage-where">
          <div class="st-feature-label">{{ labels.where_we_are }}</div>
          <ul class="st-where-list">
            <li v-for="(s, i) in whereWeAre.slice(0, 5)" :key="'w' + i">
              <span class="st-where-status" :data-status="s.status">{{ labels.solution_status[s.status] }}</span>
              <span class="st-where-text"><span class="st-clamp-3" data-user>{{ s.text }}</span>
                <span v-if="s.owner" class="st-where-owner st-clamp-1">{{ labels.where_owner.replace('{owner}', s.owner) }}</span></span></li>
          </ul>
          <div v-if="whereWeAre.length > 5" class="st-where-more">{{ labels.where_more.replace('{n}', whereWeAre.length - 5) }}</div>
        </section>

        <section :class="['st-clocks', {'with-speaker': !!speaker}]">
          <div v-if="current" class="st-segment st-fit" data-testid="stage-segment">
            <div class="st-label">{{ labels.now }} · {{ position }}</div>
            <div class="st-segment-title st-clamp-2" data-user>{{ current.title }}</div>
            <div class="st-clock" role="timer" :aria-label="toneLabel + ': ' + clockText" data-testid="stage-clock" data-user>{{ clockText }}</div>
            <div class="st-tone"><q-icon :name="toneIcon" aria-hidden="true" /> {{ toneLabel }}</div>
          </div>
          <div v-if="speaker" :class="['st-speaker', 'st-fit', 'sp-' + speakerTone]" data-testid="now-speaking">
            <div class="st-label">{{ labels.now_speaking }}</div>
            <div class="st-speaker-name st-clamp-2"><span :data-user="speaker.name ? '' : null">{{ speakerName(speaker) }}</span><span v-if="speaker.organization" data-user>, {{ speaker.organization }}</span></div>
            <div v-if="speaker.title" class="st-speaker-title st-clamp-1" data-user>{{ speaker.title }}</div>
            <div class="st-speaker-clock" role="timer" :aria-label="speakerToneLabel + ': ' + speakerClock" data-testid="stage-speaker-clock" data-user>{{ speakerClock }}</div>
            <div class="st-tone">{{ speakerToneLabel }}</div>
          </div>
        </section>
      </div>

      <footer v-if="layout !== 'join' && layout !== 'ended'" class="st-next st-fit">
          <span v-if="nextSpeaker" class="st-clamp-1"><strong>{{ labels.next_speaker }}</strong> <span :data-user="nextSpeaker.name ? '' : null">{{ speakerName(nextSpeaker) }}</span><template v-if="nextSpeaker.title"> · <span data-user>{{ nextSpeaker.title }}</span></template></span>
          <span v-else-if="next" class="st-clamp-1"><strong>{{ labels.next }}</strong> <span data-user>{{ next.title }}</span> · {{ minutes(next.planned_seconds) }}</span>
          <span v-else-if="current">{{ labels.last_segment }}</span>
      </footer>
    </template>
    <div class="sr-only" aria-live="assertive">{{ announcement }}</div>
  </div>`,
  props: {
    view: String,
    mode: { type: String, default: "stage" },
    qr: { type: String, default: "" },
    outcome_qr: { type: String, default: "" },
    checkin: { type: Boolean, default: false },
    dir: { type: String, default: "ltr" },
    me: { type: String, default: "" },
  },
  data() {
    return { now: Date.now(), offset: 0, announcement: "", chime: localStorage.getItem("facilitator.chime") === "on", live: window.facilitatorViewJson ?? null };
  },
  computed: {
    v() { return JSON.parse(this.live ?? this.view); },  // live: pushed by show(), newer than the prop
    labels() { return window.FACILITATOR_LIVE_LABELS || {}; },
    layout() {
      if (this.v.join_slide || this.v.status === "scheduled") return "join";
      if (this.v.status === "ended") return "ended";
      if (this.v.rooms_open) return "rooms";
      if (this.v.report_back) return "report";
      if (this.poll) return "poll";
      if (this.v.spotlight) return "spotlight";
      if (this.whereWeAre.length) return "where";
      return this.speaker ? "speaker" : "countdown";
    },
    speaker() { return this.v.current_speaker || null; },
    poll() {  // the plenary poll on show: the open one, else the latest whose results are shown
      const plenary = (this.v.polls || []).filter((p) => !p.room_id);
      return plenary.find((p) => p.state === "open") || plenary[plenary.length - 1] || null;
    },
    bars() {
      const counts = this.poll && this.poll.results ? this.poll.results.counts : [];
      const top = Math.max(1, ...counts.map((c) => c.count));
      return counts.slice(0, 10).map((c) => ({ label: c.label, count: c.count, pct: Math.round((100 * c.count) / top) }));
    },
    cloud() {  // the most frequent phrases, the biggest in the middle; sized by count, drawn here from the counts
      const counts = this.poll && this.poll.results ? this.poll.results.counts.slice(0, 30) : [];
      const top = Math.max(1, ...counts.map((c) => c.count));
      const words = counts.map((c, i) => ({ label: c.label, size: ((counts.length > 12 ? 1.5 : 1.8) + (counts.length > 12 ? 2.5 : 3.4) * (c.count / top)).toFixed(2), tone: i % 4 }));
      const ordered = [];
      words.forEach((w, i) => (i % 2 ? ordered.push(w) : ordered.unshift(w)));
      return ordered;
    },
    nextSpeaker() { return (this.v.speakers || []).find((s) => s.state === "waiting") || null; },
    current() { return this.v.segments[this.v.current_segment] || null; },
    whereWeAre() {  // the series' open solutions, during the scene-setting
      return this.current && this.current.kind === "scene_setting" ? this.v.where_we_are || [] : [];
    },
    next() { return this.v.segments[this.v.current_segment + 1] || null; },
    position() {
      return this.labels.segment_of.replace("{n}", this.v.current_segment + 1).replace("{total}", this.v.segments.length);
    },
    serverNow() { return this.now + this.offset; },
    remaining() {
      const seg = this.current;
      if (!seg) return 0;
      if (seg.state === "running" && seg.ends_at_ms !== null) return (seg.ends_at_ms - this.serverNow) / 1000;
      return seg.remaining_seconds;
    },
    tone() {
      const seg = this.current;
      if (!seg || this.v.status !== "live" || seg.state === "pending" || seg.state === "done") return "idle";
      if (this.remaining < 0) return "over";
      if (this.remaining <= 120) return "warn";
      return seg.state === "paused" ? "paused" : "ok";
    },
    toneLabel() {
      const seg = this.current;
      if (!seg) return "";
      if (seg.state === "paused") return this.remaining < 0 ? this.labels.paused_over : this.labels.paused;
      if (seg.state === "pending") return this.labels.not_started;
      return { over: this.labels.over_time, warn: this.labels.two_minutes }[this.tone] || this.labels.running;
    },
    toneIcon() {
      return { over: "warning", warn: "hourglass_bottom", paused: "pause", ok: "play_arrow" }[this.tone] || "schedule";
    },
    clockText() { return this.signed(this.remaining); },
    speakerRemaining() {
      const sp = this.speaker;
      if (!sp) return 0;
      return sp.ends_at_ms !== null ? (sp.ends_at_ms - this.serverNow) / 1000 : sp.remaining_seconds;
    },
    speakerTone() {
      if (this.speakerRemaining < 0) return "over";
      return this.speakerRemaining <= 60 ? "warn" : "ok";
    },
    speakerClock() { return this.signed(this.speakerRemaining); },
    speakerToneLabel() {
      if (this.speaker && this.speaker.ends_at_ms === null) return this.labels.paused;
      return { over: this.labels.over_time, warn: this.labels.one_minute, ok: this.labels.time_left }[this.speakerTone];
    },
    roomsLeft() {
      return this.v.rooms_ends_at_ms ? (this.v.rooms_ends_at_ms - this.serverNow) / 1000 : null;
    },
    roomsPhase() {
      if (this.roomsLeft === null) return "open";
      if (this.roomsLeft <= 0) return "timesup";
      return this.roomsLeft <= 120 ? "warning" : "running";
    },
    roomsClock() { return this.format(Math.max(0, this.roomsLeft || 0)); },
    statusLabel() { return this.labels["status_" + this.v.status] || ""; },
    startLabel() {
      const zone = this.v.timezone;
      try {
        const day = new Intl.DateTimeFormat(this.labels.locale, { day: "numeric", month: "long", year: "numeric", timeZone: zone });
        const time = new Intl.DateTimeFormat(this.labels.locale, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone, timeZoneName: "short" });
        return day.format(new Date(this.v.starts_at_ms)) + " · " + time.format(new Date(this.v.starts_at_ms));
      } catch (e) {
        return new Date(this.v.starts_at_ms).toISOString().slice(0, 16).replace("T", " ");
      }
    },
  },
  watch: {
    view(value) { this.live = null; window.facilitatorViewJson = value; },  // sent again: the prop is the latest
    v: {
      handler(value, old) {
        this.offset = value.server_time_ms - Date.now();
        this.now = Date.now();
        if (old && old.flash !== value.flash && value.flash) this.announcement = value.flash;
        else if (old && (old.current_segment !== value.current_segment || old.status !== value.status)) {
          this.announcement = this.current ? this.labels.now + ": " + this.current.title : this.statusLabel;
        }
      },
      immediate: true,
    },
    remaining(value, old) {  // the chime: once, when a running segment reaches zero
      if (this.chime && old > 0 && value <= 0 && this.current && this.current.state === "running") this.ring();
    },
  },
  mounted() { window.facilitatorLive.add(this); this.interval = setInterval(() => (this.now = Date.now()), 250); },
  unmounted() { window.facilitatorLive.delete(this); clearInterval(this.interval); },
  methods: {
    show(view) { this.live = view; },  // each change: the view's JSON, pushed without resending the element
    speakerName(sp) {
      if (sp.name) return sp.name;
      const group = (this.labels.groups || {})[sp.group] || "";
      return this.labels.participant_from.replace("{group}", group);
    },
    toggleChime() {
      this.chime = !this.chime;
      localStorage.setItem("facilitator.chime", this.chime ? "on" : "off");
      if (this.chime) this.ring(0.0001);  // a click lets the browser start audio later, unattended
    },
    ring(volume = 0.2) {
      try {
        this.audio = this.audio || new (window.AudioContext || window.webkitAudioContext)();
        const ctx = this.audio;
        [0, 0.35, 0.7].forEach((at, i) => {
          const osc = ctx.createOscillator();
          const gain = ctx.createGain();
          osc.frequency.value = [660, 880, 1320][i];
          gain.gain.setValueAtTime(volume, ctx.currentTime + at);
          gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.3);
          osc.connect(gain).connect(ctx.destination);
          osc.start(ctx.currentTime + at);
          osc.stop(ctx.currentTime + at + 0.3);
        });
      } catch (e) { /* no audio device: the countdown's colour and text still say it */ }
    },
    signed(seconds) { return (seconds < 0 ? "+" : "") + this.format(Math.abs(seconds)); },
    format(seconds) {
      const s = Math.floor(seconds);
      const h = Math.floor(s / 3600);
      const pad = (n) => String(n).padStart(2, "0");
      return (h > 0 ? h + ":" : "") + pad(Math.floor((s % 3600) / 60)) + ":" + pad(s % 60);
    },
    minutes(seconds) { return this.labels.minutes.replace("{n}", Math.round(seconds / 60)); },
  },
};
