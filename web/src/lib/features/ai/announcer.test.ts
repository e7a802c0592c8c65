import { describe, expect, it } from 'vitest';
import { ThrottledAnnouncer, type Timers } from './announcer';

/** Timers run by hand: `fire()` runs the pending one, as if its time had come. */
function manualTimers() {
	let pending: (() => void) | null = null;
	const timers: Timers = {
		set: (callback) => {
			pending = callback;
			return 1 as unknown as ReturnType<typeof setTimeout>;
		},
		clear: () => (pending = null)
	};
	return {
		timers,
		fire: () => {
			const run = pending;
			pending = null;
			run?.();
		},
		waiting: () => pending !== null
	};
}

describe('ThrottledAnnouncer', () => {
	it('announces the first words at once, then what was added once per pause', () => {
		const said: string[] = [];
		const clock = manualTimers();
		const announcer = new ThrottledAnnouncer((words) => said.push(words), 1500, clock.timers);
		announcer.update('Goal:');
		announcer.update('Goal: ship');
		announcer.update('Goal: ship the login page.');
		expect(said).toEqual(['Goal:']);
		clock.fire();
		expect(said).toEqual(['Goal:', 'ship the login page.']);
		clock.fire(); // a pause with nothing new says nothing and waits no more
		expect(clock.waiting()).toBe(false);
		announcer.update('Goal: ship the login page. Done');
		expect(said.at(-1)).toBe('Done');
	});

	it('says what is left at once when the stream ends, and nothing after disposal', () => {
		const said: string[] = [];
		const clock = manualTimers();
		const announcer = new ThrottledAnnouncer((words) => said.push(words), 1500, clock.timers);
		announcer.update('One.');
		announcer.update('One. Two.');
		announcer.flush();
		expect(said).toEqual(['One.', 'Two.']);
		expect(clock.waiting()).toBe(false);
		announcer.update('One. Two. Three.');
		announcer.dispose();
		clock.fire();
		expect(said).toEqual(['One.', 'Two.', 'Three.']);
	});

	it('starts over when the text is replaced (a retried run)', () => {
		const said: string[] = [];
		const clock = manualTimers();
		const announcer = new ThrottledAnnouncer((words) => said.push(words), 1500, clock.timers);
		announcer.update('First attempt');
		clock.fire();
		announcer.update('Second');
		expect(said).toEqual(['First attempt', 'Second']);
	});
});
