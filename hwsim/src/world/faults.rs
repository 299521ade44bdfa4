//! Fault injection on the World (loss, partitions, held and mutated frames, power, movement)
//! and its captures: the medium's verbs, addressed by node instead of radio.

use super::{NodeId, World};
use crate::{CaptureId, CaptureKind, FrameFilter, FrameMutator, Position, RadioId};
use mac80211_core::channel::Channel;

impl World {
    // Faults.

    /// Frames from `a` to `b` are lost with probability `p` (both directions when `symmetric`).
    pub fn set_loss(&mut self, a: NodeId, b: NodeId, p: f64, symmetric: bool) {
        let (ra, rb) = (self.radio(a), self.radio(b));
        self.medium.set_loss(self.now, ra, rb, p);
        if symmetric {
            self.medium.set_loss(self.now, rb, ra, p);
        }
    }

    /// Only nodes in the same group hear each other (nodes not named form one more group).
    pub fn partition(&mut self, groups: &[&[NodeId]]) {
        let radios: Vec<Vec<RadioId>> =
            groups.iter().map(|g| g.iter().map(|&n| self.radio(n)).collect()).collect();
        let refs: Vec<&[RadioId]> = radios.iter().map(|g| g.as_slice()).collect();
        self.medium.partition(self.now, &refs);
    }

    /// Removes every partition.
    pub fn heal(&mut self) {
        self.medium.heal(self.now);
    }

    /// Holds frames matching `filter` until [`World::release`] (they are still acknowledged).
    pub fn hold(&mut self, filter: FrameFilter) {
        self.medium.hold(self.now, filter);
    }

    /// Delivers every held frame now; returns how many.
    pub fn release(&mut self) -> usize {
        let n = self.medium.release(self.now);
        self.settle();
        n
    }

    /// Rewrites frames matching `filter` in flight.
    pub fn mutate(&mut self, filter: FrameFilter, mutator: FrameMutator) {
        self.medium.mutate(self.now, filter, mutator);
    }

    /// Powers a node's radio off or on (its MAC keeps running: an AP switched off, a station
    /// out of battery for the radio only).
    pub fn power(&mut self, node: NodeId, on: bool) {
        let radio = self.radio(node);
        self.medium.set_powered(self.now, radio, on).expect("known radio");
    }

    /// Moves a node.
    pub fn move_node(&mut self, node: NodeId, x: f64, y: f64, z: f64) {
        let radio = self.radio(node);
        self.medium.set_position(self.now, radio, Position { x, y, z }).expect("known radio");
    }

    // Captures.

    /// Starts a radiotap pcap capture of every frame on `channel`.
    pub fn capture_channel(&mut self, channel: Channel) -> CaptureId {
        self.medium.start_capture(CaptureKind::Channel(channel.freq))
    }

    /// Starts a capture of what one node receives.
    pub fn capture_node(&mut self, node: NodeId) -> CaptureId {
        let radio = self.radio(node);
        self.medium.start_capture(CaptureKind::Radio(radio))
    }

    /// Stops a capture and returns the whole pcap file.
    pub fn finish_capture(&mut self, id: CaptureId) -> Vec<u8> {
        self.medium.stop_capture(id).unwrap_or_default()
    }
}
