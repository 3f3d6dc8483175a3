package dev.gpufit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemoryBarTest {
    @Test
    void hashIsWhatOthersUseAndTheRestIsDots() {
        // 10 of 100 used by others, the model 20, budget 90 (10 reserved): within the budget
        assertEquals("[#==.......]", MemoryBar.render(100, 10, 20, 90, 10));
    }

    @Test
    void bangMeansOverTheBudgetEvenWhenTheDeviceHasRoom() {
        // 70 fits what the others leave (90) but not a budget of 60
        assertEquals("[#=======..]!", MemoryBar.render(100, 10, 70, 60, 10));
    }

    @Test
    void modelAboveWhatTheOthersLeaveIsCapped() {
        assertEquals("[#=========]!", MemoryBar.render(100, 10, 95, 90, 10));
    }
}
