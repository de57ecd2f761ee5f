/**
 * poolkit-balance: host scoring ({@code dev.poolkit.balance}), the strategies and their registry
 * ({@code dev.poolkit.balance.strategy}), the simulator ({@code dev.poolkit.balance.sim}) and its
 * table and CSV writers ({@code dev.poolkit.balance.sim.report}). The implementation package
 * {@code dev.poolkit.balance.internal} is not exported. No dependency beyond {@code java.base}.
 */
module dev.poolkit.balance {
    exports dev.poolkit.balance;
    exports dev.poolkit.balance.strategy;
    exports dev.poolkit.balance.sim;
    exports dev.poolkit.balance.sim.report;
}
