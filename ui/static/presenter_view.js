// A presenter's own screen: one `view` prop (the shared public view, a JSON string) plus this page's private `cue`.
// Their countdown ticks here; a cue flashes until they acknowledge it.
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
  <div :class="['presenter', 'sp-' + tone, {'has-cue': activeCue}]" :dir="dir || null">
    <div v-if="activeCue" class="pr-cue" role="alert" data-testid="presenter-cue">
      <div class="pr-cue-text">{{ cueData.cue }}</div>
      <button type="button" class="pr-ack" data-testid="presenter-ack" @click="$emit('ack')">{{ labels.presenter_ack }}</button>
    </div>
    <div class="pr-label">{{ mine ? labels.presenter_your_time : labels.presenter_waiting }}</div>
    <div class="pr-clock" role="timer" :aria-label="clock" data-testid="presenter-clock">{{ clock }}</div>
    <div class="pr-row">
      <div v-if="current" class="pr-box"><div class="pr-small">{{ labels.presenter_segment }}</div>
        <div class="pr-title">{{ current.title }}</div><div class="pr-segment-clock" role="timer">{{ segmentClock }}</div></div>
      <div class="pr-box" data-testid="presenter-next"><div class="pr-small">{{ labels.next_speaker }}</div>
        <div class="pr-title">{{ nextName || '—' }}</div></div>
    </div>
    <div v-if="place" class="pr-small">{{ place }}</div>
  </div>`,
  props: {
    view: String,
    mode: { type: String, default: "presenter" },
    dir: { type: String, default: "" },
    me: { type: String, default: "" },
    cue: { type: String, default: "{}" },
  },
  data() { return { now: Date.now(), offset: 0, live: window.facilitatorViewJson ?? null }; },
  computed: {
    v() { return JSON.parse(this.live ?? this.view); },  // live: pushed by show(), newer than the prop
    cueData() { return JSON.parse(this.cue || "{}"); },
    activeCue() { return !!(this.cueData.cue && !this.cueData.acknowledged_at_ms); },
    labels() { return window.FACILITATOR_LIVE_LABELS || {}; },
    serverNow() { return this.now + this.offset; },
    speaker() { return this.v.current_speaker || null; },
    mine() { return !!(this.speaker && this.speaker.id === this.me); },
    waiting() { return this.v.speakers || []; },
    myEntry() { return this.waiting.find((s) => s.id === this.me) || null; },
    remaining() {
      if (this.mine) {
        const sp = this.speaker;
        return sp.ends_at_ms !== null ? (sp.ends_at_ms - this.serverNow) / 1000 : sp.remaining_seconds;
      }
      return this.myEntry ? this.myEntry.planned_seconds : 0;
    },
    tone() {
      if (!this.mine) return "idle";
      if (this.remaining < 0) return "over";
      return this.remaining <= 60 ? "warn" : "ok";
    },
    clock() { return (this.remaining < 0 ? "+" : "") + this.format(Math.abs(this.remaining)); },
    current() { return this.v.segments[this.v.current_segment] || null; },
    segmentClock() {
      const seg = this.current;
      if (!seg) return "";
      const left = seg.state === "running" && seg.ends_at_ms !== null ? (seg.ends_at_ms - this.serverNow) / 1000 : seg.remaining_seconds;
      return (left < 0 ? "+" : "") + this.format(Math.abs(left));
    },
    nextName() {
      const next = this.waiting.find((s) => s.id !== this.me);
      if (!next) return "";
      return next.name || (this.labels.participant_from || "").replace("{group}", (this.labels.groups || {})[next.group] || "");
    },
    place() {
      if (this.mine || !this.myEntry) return "";
      const n = this.waiting.indexOf(this.myEntry);
      return n === 0 ? this.labels.presenter_you_next : this.labels.presenter_before_you.replace("{n}", n);
    },
  },
  watch: {
    view(value) { this.live = null; window.facilitatorViewJson = value; },  // sent again: the prop is the latest
    v: { handler(value) { this.offset = value.server_time_ms - Date.now(); this.now = Date.now(); }, immediate: true },
  },
  mounted() { window.facilitatorLive.add(this); this.interval = setInterval(() => (this.now = Date.now()), 250); },
  unmounted() { window.facilitatorLive.delete(this); clearInterval(this.interval); },
  methods: {
    show(view) { this.live = view; },  // each change: the view's JSON, pushed without resending the element
    format(seconds) {
      const s = Math.floor(seconds);
      const h = Math.floor(s / 3600);
      const pad = (n) => String(n).padStart(2, "0");
      return (h > 0 ? h + ":" : "") + pad(Math.floor((s % 3600) / 60)) + ":" + pad(s % 60);
    },
  },
};
