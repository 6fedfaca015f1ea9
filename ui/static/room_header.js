// The breakout room's header: topic, prompt and the room countdown, ticking in the browser.
// Members are warned 2 minutes before the end; at zero everyone sees "time's up" until the grace period ends.
export default {
  template: `
  <div :class="['room-header', 'rh-' + phase]">
    <div class="rh-topic" role="heading" aria-level="2" data-user>{{ room.topic }}</div>
    <div v-if="room.prompt" class="rh-prompt" data-user>{{ room.prompt }}</div>
    <div class="rh-timer" role="status">
      <template v-if="phase === 'closed'">{{ labels.rooms_closed }}</template>
      <template v-else-if="phase === 'open'">{{ labels.rooms_open }}</template>
      <template v-else-if="phase === 'running'">{{ labels.time_left }} <strong class="rh-clock" data-user dir="ltr">{{ clock }}</strong></template>
      <template v-else-if="phase === 'warning'"><q-icon name="hourglass_bottom" aria-hidden="true" /> {{ labels.two_minutes_rooms }} <strong class="rh-clock" data-user dir="ltr">{{ clock }}</strong></template>
      <template v-else><q-icon name="warning" aria-hidden="true" /> {{ labels.times_up }}</template>
    </div>
    <div class="sr-only" aria-live="assertive">{{ announcement }}</div>
  </div>`,
  props: { room: Object, rooms: Object, labels: Object },
  data() {
    return { now: Date.now(), offset: 0, announcement: "" };
  },
  computed: {
    left() {
      if (!this.rooms.ends_at_ms) return null;
      return (this.rooms.ends_at_ms - (this.now + this.offset)) / 1000;
    },
    phase() {
      if (!this.rooms.open) return "closed";
      if (this.left === null) return "open";
      if (this.left <= 0) return "timesup";
      if (this.left <= 120) return "warning";
      return "running";
    },
    clock() {
      const s = Math.max(0, Math.floor(this.left || 0));
      return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
    },
  },
  watch: {
    rooms: {
      handler(value) {
        this.offset = value.server_time_ms - Date.now();
      },
      immediate: true,
    },
    phase(value, old) {
      if (value === "warning" && old === "running") this.announcement = this.labels.two_minutes_rooms;
      if (value === "timesup") this.announcement = this.labels.times_up;
      if (value === "closed" && old !== "closed") this.announcement = this.labels.rooms_closed;
    },
  },
  mounted() {
    this.interval = setInterval(() => (this.now = Date.now()), 500);
  },
  unmounted() {
    clearInterval(this.interval);
  },
};
