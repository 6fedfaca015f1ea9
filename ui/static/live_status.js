// The live status of a session: one element, one `view` prop (a JSON string, parsed here), a countdown that ticks
// in the browser.
// The server pushes only changes; `server_time_ms` corrects this device's clock offset.
export default {
  template: `
  <div :class="['live-status', 'mode-' + mode, 'tone-' + tone, {'has-speaker': !!speaker, 'has-report': !!(v.report_back || v.spotlight)}]" :dir="dir">
    <div v-if="v.broadcast" class="ls-broadcast" role="status">
      <span class="ls-broadcast-label">{{ labels.broadcast }}</span> {{ v.broadcast.message }}
    </div>

    <div v-if="v.report_back && !showJoinSlide" class="ls-report" data-testid="report-back">
      <div class="ls-report-label">{{ labels.report_back.replace('{n}', v.report_back.index + 1).replace('{total}', v.report_back.count) }}</div>
      <div class="ls-report-topic">{{ v.report_back.topic }}</div>
      <div v-if="v.report_back.summary" class="ls-report-summary" data-testid="report-summary">
        <div class="ls-report-label">{{ labels.summary }}</div>
        <p>{{ v.report_back.summary }}</p>
      </div>
      <ol class="ls-report-top">
        <li v-for="(p, i) in v.report_back.top" :key="'t' + i">{{ p.text }} <span class="ls-report-votes">▲ {{ p.votes }}</span></li>
      </ol>
      <div v-if="v.report_back.tagged.length" class="ls-report-tagged">
        <div class="ls-report-label">{{ labels.tagged }}</div>
        <ul><li v-for="(p, i) in v.report_back.tagged" :key="'g' + i">★ {{ p.text }}</li></ul>
      </div>
      <div v-if="!v.report_back.top.length" class="ls-report-empty">{{ labels.no_posts }}</div>
    </div>
    <div v-if="v.spotlight && !showJoinSlide" class="ls-spotlight" data-testid="spotlight">
      <div class="ls-report-label">{{ labels.spotlight }}</div>
      <div class="ls-spotlight-text">“{{ v.spotlight.text }}”</div>
      <div class="ls-spotlight-by">{{ v.spotlight.anonymous || !v.spotlight.author ? labels.anonymous : v.spotlight.author }} · ▲ {{ v.spotlight.votes }}</div>
    </div>

    <template v-if="showJoinSlide">
      <div class="ls-join">
        <div class="ls-join-title">{{ v.title }}</div>
        <div class="ls-join-when">{{ startLabel }}</div>
        <img v-if="qr" :src="qr" class="ls-qr" :alt="labels.qr_alt" />
        <div class="ls-join-text">{{ labels.join_at }}</div>
        <div class="ls-join-url">{{ v.join_url }}</div>
        <div class="ls-join-code">{{ labels.code }} <strong>{{ v.code }}</strong></div>
      </div>
    </template>

    <template v-else>
      <div class="ls-head">
        <div class="ls-status" :data-status="v.status">{{ statusLabel }}</div>
        <div v-if="mode !== 'stage'" class="ls-title">{{ v.title }}</div>
      </div>

      <div v-if="current" class="ls-now">
        <div class="ls-segment-label">{{ labels.now }} · {{ position }}</div>
        <div class="ls-segment-title">{{ current.title }}</div>
        <div class="ls-clock" role="timer" :aria-label="clockAria">
          <span class="ls-clock-digits">{{ clockText }}</span>
        </div>
        <div class="ls-tone-label" v-if="toneLabel">
          <span aria-hidden="true">{{ toneIcon }}</span> {{ toneLabel }}
        </div>
        <div v-if="next" class="ls-next"><span>{{ labels.next }}</span> {{ next.title }} · {{ minutes(next.planned_seconds) }}</div>
        <div v-else-if="v.status !== 'ended'" class="ls-next">{{ labels.last_segment }}</div>
      </div>

      <div v-if="isMeSpeaking" class="ls-youre-up" data-testid="youre-up">✋ {{ labels.youre_up }}</div>
      <div v-if="speaker" :class="['ls-speaker', 'sp-' + speakerTone]" data-testid="now-speaking">
        <div class="ls-speaker-label">{{ labels.now_speaking }}</div>
        <div class="ls-speaker-name">{{ speakerName(speaker) }}<span v-if="speaker.organization">, {{ speaker.organization }}</span></div>
        <div v-if="speaker.title" class="ls-speaker-title">{{ speaker.title }}</div>
        <div class="ls-speaker-clock" role="timer" :aria-label="speakerToneLabel + ': ' + speakerClock">
          <span class="ls-speaker-digits">{{ speakerClock }}</span>
          <span class="ls-speaker-tone">{{ speakerToneLabel }}</span>
        </div>
      </div>
      <div v-if="nextSpeaker" class="ls-next ls-next-speaker"><span>{{ labels.next_speaker }}</span> {{ speakerName(nextSpeaker) }}<template v-if="nextSpeaker.title"> · {{ nextSpeaker.title }}</template></div>

      <div v-if="mode === 'participant' && me && v.status !== 'ended'" class="ls-hand">
        <template v-if="myHand">
          <div class="ls-hand-place" role="status">✋ {{ handPlaceText }}</div>
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
          <button type="button" class="ls-btn" @click="$emit('hand', {action: 'raise', type: handType})">✋ {{ labels.raise_hand }}</button>
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
          <strong>{{ v.participant_count }}</strong> · {{ labels.online }} <strong>{{ v.online_count }}</strong></div>
      </div>

      <div v-if="mode !== 'stage'" class="ls-agenda">
        <table>
          <caption>{{ labels.agenda }}</caption>
          <thead><tr>
            <th scope="col">{{ labels.segment }}</th>
            <th scope="col">{{ labels.planned }} ({{ shortZone(v.timezone) }})</th>
            <th scope="col" v-if="showLocal">{{ labels.your_time }} ({{ shortZone(localZone) }})</th>
            <th scope="col" v-if="mode === 'moderator'">{{ labels.actual }}</th>
            <th scope="col">{{ labels.state }}</th>
          </tr></thead>
          <tbody>
            <tr v-for="seg in v.segments" :key="seg.id" :class="{'is-current': seg.index === v.current_segment}"
                :aria-current="seg.index === v.current_segment ? 'step' : null">
              <th scope="row">{{ seg.title }}<span class="ls-dur"> · {{ minutes(seg.planned_seconds) }}</span></th>
              <td>{{ clockAt(seg.scheduled_start_ms, v.timezone) }}–{{ clockAt(seg.scheduled_start_ms + seg.planned_seconds * 1000, v.timezone) }}</td>
              <td v-if="showLocal">{{ clockAt(seg.scheduled_start_ms, localZone) }}</td>
              <td v-if="mode === 'moderator'">{{ actual(seg) }}</td>
              <td>{{ stateLabel(seg) }}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </template>
    <div class="sr-only" aria-live="assertive" data-testid="announcement">{{ announcement }}</div>
  </div>`,
  props: {
    view: String,
    mode: { type: String, default: "participant" },
    qr: { type: String, default: "" },
    dir: { type: String, default: "ltr" },
    me: { type: String, default: "" },
  },
  data() {
    return {
      now: Date.now(), offset: 0, announcement: "", localZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      handType: "question", sound: localStorage.getItem("facilitator.sound") !== "off", baseTitle: document.title,
    };
  },
  computed: {
    v() {
      return JSON.parse(this.view);
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
      return { over: "⚠", warn: "⏳", paused: "⏸", ok: "▶", idle: "•" }[this.tone] || "";
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
    this.interval = setInterval(() => (this.now = Date.now()), 250);
  },
  unmounted() {
    clearInterval(this.interval);
    this.stopFlash();
  },
  methods: {
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
        document.title = on ? "✋ " + this.labels.youre_up : this.baseTitle;
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
      if (seg.state === "done") return "✓ " + this.labels.seg_done;
      if (seg.state === "running") return "▶ " + this.labels.seg_running;
      if (seg.state === "paused") return "⏸ " + this.labels.seg_paused;
      return this.labels.seg_pending;
    },
  },
};
