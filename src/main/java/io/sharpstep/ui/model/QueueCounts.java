package io.sharpstep.ui.model;

import io.sharpstep.core.Durations;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The queue's line of counts: each state on its own ("3 done · 1 failed · 2 waiting"), and the time left. */
final class QueueCounts {
    private QueueCounts() {
    }

    static Map<ItemState, Integer> count(List<QueueItem> items) {
        Map<ItemState, Integer> n = new EnumMap<>(ItemState.class);
        for (QueueItem i : items) {
            n.merge(i.state(), 1, Integer::sum);
        }
        return n;
    }

    /** E.g. "1 running · 3 done · 1 failed · 2 waiting · about 5 min left"; "" for an empty queue. */
    static String text(List<QueueItem> items, boolean running, double secondsLeft) {
        Map<ItemState, Integer> n = count(items);
        StringJoiner j = new StringJoiner(" · ");
        for (ItemState s : new ItemState[] {ItemState.RUNNING, ItemState.DONE, ItemState.FAILED, ItemState.CANCELLED,
                ItemState.WAITING}) {
            int c = n.getOrDefault(s, 0);
            if (c > 0) {
                j.add(c + " " + s.label().toLowerCase(java.util.Locale.ROOT));
            }
        }
        String left = Durations.format(secondsLeft);
        if (running && !left.isEmpty()) {
            j.add("about " + left + " left");
        }
        return j.toString();
    }
}
