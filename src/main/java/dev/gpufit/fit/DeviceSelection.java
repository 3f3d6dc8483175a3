package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.note.Note;
import java.util.List;

/**
 * The devices a command judges, and why those.
 *
 * @param devices the selected devices, in the order given
 * @param notes   how they were chosen (e.g. "no GPU found: judging host RAM for CPU inference")
 */
public record DeviceSelection(List<Device> devices, List<Note> notes) {
    public DeviceSelection {
        devices = List.copyOf(devices);
        notes = List.copyOf(notes);
    }
}
