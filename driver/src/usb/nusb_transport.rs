//! A real MT7601U through usbfs, with `nusb` ([`UsbTransport`] for hardware).
//!
//! [`list`] finds attached dongles with a supported vendor:product ID (`proto::USB_IDS`) and
//! says which kernel driver, if any, holds interface 0 (from sysfs). [`NusbTransport::open`]
//! opens one by bus and address and claims interface 0 — refusing, with the commands to free
//! it, when a kernel driver holds it, unless asked to detach it — and assigns the endpoints by
//! position as Linux does (2 bulk IN: packets, MCU responses; 6 bulk OUT: inband command,
//! BK, BE, VI, VO, HCCA). It keeps 16 RX transfers of 32 KiB in flight on the packet endpoint.
//!
//! Not verified on hardware: no dongle is attached to the machines this was written on. On
//! them [`list`] reports that there is no USB bus.

use super::proto::{OutEndpoint, USB_IDS};
use super::transport::{IntervalTimer, UsbError, UsbTransport};
use nusb::transfer::{Buffer, Bulk, ControlIn, ControlOut, ControlType, In, Out, Recipient, TransferError};
use nusb::{Endpoint, Interface, MaybeFuture};
use std::task::{Context, Poll};
use std::time::Duration;

/// Vendor request timeout (Linux: 300 ms).
const CONTROL_TIMEOUT: Duration = Duration::from_millis(300);
/// Bulk OUT and MCU response timeout (Linux: 500 ms).
const BULK_TIMEOUT: Duration = Duration::from_millis(500);
/// RX transfers kept in flight, and their size (Linux `N_RX_ENTRIES`, `MT_RX_URB_SIZE`).
const RX_TRANSFERS: usize = 16;
const RX_SIZE: usize = 32 * 1024;

/// An attached supported dongle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DongleInfo {
    /// USB bus number.
    pub bus: u8,
    /// Device address on the bus.
    pub address: u8,
    /// Vendor ID.
    pub vendor_id: u16,
    /// Product ID.
    pub product_id: u16,
    /// Product string, when the OS cached it.
    pub product: Option<String>,
    /// The kernel driver bound to interface 0, if any (`mt7601u` when Linux drives it).
    pub kernel_driver: Option<String>,
}

/// Why dongles could not be listed or opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Enumeration failed (no USB bus, no permission to read sysfs).
    #[error("cannot list USB devices: {0}")]
    List(String),
    /// No supported dongle at that bus/address.
    #[error("no supported MT7601U dongle at bus {bus} address {address} (see `softmac usb list`)")]
    NotFound {
        /// Bus.
        bus: u8,
        /// Address.
        address: u8,
    },
    /// A kernel driver holds the device.
    #[error(
        "the kernel driver {driver} holds the dongle: unload it (`sudo modprobe -r mt7601u`, and blacklist \
         it to keep it away) or unbind the interface (`echo -n {sysfs_name}:1.0 | sudo tee \
         /sys/bus/usb/drivers/{driver}/unbind`), then replug the dongle (a chip the kernel started keeps \
         its receiver silent)"
    )]
    KernelDriver {
        /// The driver.
        driver: String,
        /// The device's sysfs name (`1-2`).
        sysfs_name: String,
    },
    /// Opening or claiming failed.
    #[error("cannot open the dongle: {0}")]
    Open(String),
    /// The interface does not have the MT7601U's endpoints.
    #[error("unexpected endpoints: {0}")]
    Endpoints(String),
}

/// The kernel driver bound to interface 0 of the device at `sysfs`, from its `driver` link.
fn kernel_driver(sysfs: &std::path::Path) -> Option<String> {
    let name = sysfs.file_name()?.to_str()?;
    let link = sysfs.join(format!("{name}:1.0")).join("driver");
    std::fs::read_link(link).ok()?.file_name()?.to_str().map(str::to_owned)
}

/// Every attached dongle with a supported ID.
pub fn list() -> Result<Vec<DongleInfo>, OpenError> {
    let devices = nusb::list_devices().wait().map_err(|e| OpenError::List(e.to_string()))?;
    Ok(devices
        .filter(|d| USB_IDS.contains(&(d.vendor_id(), d.product_id())))
        .map(|d| DongleInfo {
            bus: d.busnum(),
            address: d.device_address(),
            vendor_id: d.vendor_id(),
            product_id: d.product_id(),
            product: d.product_string().map(str::to_owned),
            kernel_driver: kernel_driver(d.sysfs_path()),
        })
        .collect())
}

fn usb_error(e: TransferError) -> UsbError {
    match e {
        TransferError::Stall => UsbError::Stall,
        TransferError::Disconnected => UsbError::Disconnected,
        other => UsbError::Other(other.to_string()),
    }
}

/// A claimed dongle.
pub struct NusbTransport {
    interface: Interface,
    out: Vec<Endpoint<Bulk, Out>>,
    rx: Endpoint<Bulk, In>,
    resp: Endpoint<Bulk, In>,
    /// The driver's next TX status read ([`UsbTransport::wake_after`]).
    status_timer: IntervalTimer,
    /// The driver's periodic calibration ([`UsbTransport::poll_interval`]).
    calibration_timer: IntervalTimer,
}

impl NusbTransport {
    /// Opens the dongle at `bus`/`address`; `detach` takes it from a kernel driver.
    pub fn open(bus: u8, address: u8, detach: bool) -> Result<NusbTransport, OpenError> {
        let devices = nusb::list_devices().wait().map_err(|e| OpenError::List(e.to_string()))?;
        let info = devices
            .filter(|d| USB_IDS.contains(&(d.vendor_id(), d.product_id())))
            .find(|d| d.busnum() == bus && d.device_address() == address)
            .ok_or(OpenError::NotFound { bus, address })?;
        if let (Some(driver), false) = (kernel_driver(info.sysfs_path()), detach) {
            let sysfs_name = info.sysfs_path().file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
            return Err(OpenError::KernelDriver { driver, sysfs_name });
        }
        let device = info.open().wait().map_err(|e| OpenError::Open(e.to_string()))?;
        let claimed = if detach {
            device.detach_and_claim_interface(0).wait()
        } else {
            device.claim_interface(0).wait()
        };
        let interface = claimed.map_err(|e| OpenError::Open(e.to_string()))?;
        let (ins, outs) = bulk_endpoints(&interface);
        if ins.len() != 2 || outs.len() != 6 {
            return Err(OpenError::Endpoints(format!(
                "{} bulk IN and {} bulk OUT, want 2 and 6",
                ins.len(),
                outs.len()
            )));
        }
        let open_in =
            |a: u8| interface.endpoint::<Bulk, In>(a).map_err(|e| OpenError::Endpoints(e.to_string()));
        let rx = open_in(ins[0])?;
        let resp = open_in(ins[1])?;
        let out = outs
            .iter()
            .map(|&a| interface.endpoint::<Bulk, Out>(a).map_err(|e| OpenError::Endpoints(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(NusbTransport {
            interface,
            out,
            rx,
            resp,
            status_timer: IntervalTimer::default(),
            calibration_timer: IntervalTimer::default(),
        })
    }

    fn out_index(endpoint: OutEndpoint) -> usize {
        match endpoint {
            OutEndpoint::InbandCmd => 0,
            OutEndpoint::Edca(ac) => 1 + usize::from(ac.min(3)),
            OutEndpoint::Hcca => 5,
        }
    }
}

/// Bulk endpoint addresses of the interface, IN and OUT, in descriptor order.
fn bulk_endpoints(interface: &Interface) -> (Vec<u8>, Vec<u8>) {
    let mut ins = Vec::new();
    let mut outs = Vec::new();
    if let Some(desc) = interface.descriptor() {
        for ep in desc.endpoints() {
            if ep.transfer_type() != nusb::descriptors::TransferType::Bulk {
                continue;
            }
            match ep.direction() {
                nusb::transfer::Direction::In => ins.push(ep.address()),
                nusb::transfer::Direction::Out => outs.push(ep.address()),
            }
        }
    }
    (ins, outs)
}

impl UsbTransport for NusbTransport {
    fn control_in(&mut self, request: u8, value: u16, index: u16, buf: &mut [u8]) -> Result<usize, UsbError> {
        let length =
            u16::try_from(buf.len()).map_err(|_| UsbError::Other("control transfer too long".into()))?;
        let req = ControlIn {
            control_type: ControlType::Vendor,
            recipient: Recipient::Device,
            request,
            value,
            index,
            length,
        };
        let data = self.interface.control_in(req, CONTROL_TIMEOUT).wait().map_err(usb_error)?;
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        Ok(n)
    }

    fn control_out(&mut self, request: u8, value: u16, index: u16, data: &[u8]) -> Result<(), UsbError> {
        let req = ControlOut {
            control_type: ControlType::Vendor,
            recipient: Recipient::Device,
            request,
            value,
            index,
            data,
        };
        self.interface.control_out(req, CONTROL_TIMEOUT).wait().map_err(usb_error)
    }

    fn bulk_out(&mut self, endpoint: OutEndpoint, data: &[u8]) -> Result<(), UsbError> {
        let ep = &mut self.out[NusbTransport::out_index(endpoint)];
        ep.transfer_blocking(Buffer::from(data.to_vec()), BULK_TIMEOUT).status.map_err(usb_error)
    }

    fn mcu_response(&mut self) -> Result<Vec<u8>, UsbError> {
        if self.resp.pending() == 0 {
            self.resp.submit(Buffer::new(1024));
        }
        let done = self.resp.wait_next_complete(BULK_TIMEOUT).ok_or(UsbError::Timeout)?;
        done.status.map_err(usb_error)?;
        let mut data = done.buffer.into_vec();
        data.truncate(done.actual_len);
        Ok(data)
    }

    fn poll_rx(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, UsbError>> {
        while self.rx.pending() < RX_TRANSFERS {
            self.rx.submit(Buffer::new(RX_SIZE));
        }
        match self.rx.poll_next_complete(cx) {
            Poll::Ready(done) => {
                let status = done.status.map_err(usb_error);
                let mut data = done.buffer.into_vec();
                data.truncate(done.actual_len);
                Poll::Ready(status.map(|()| data))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn wake_after(&mut self, cx: &mut Context<'_>, after: Duration) {
        if tokio::runtime::Handle::try_current().is_err() {
            // No timer outside a runtime: the caller polls again at once.
            cx.waker().wake_by_ref();
        } else if self.status_timer.poll(cx, after).is_ready() {
            cx.waker().wake_by_ref();
        }
    }

    fn poll_interval(&mut self, cx: &mut Context<'_>, period: Duration) -> Poll<()> {
        self.calibration_timer.poll(cx, period)
    }
}
